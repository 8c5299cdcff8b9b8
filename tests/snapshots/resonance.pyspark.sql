WITH `t3` AS (
  SELECT
    `t2`.`identity_id` AS `_author_pid_identity`,
    `t2`.`person_id` AS `author_pid`
  FROM `identities` AS `t2`
), `t27` AS (
  SELECT
    `t17`.`event_id`,
    `t17`.`network`,
    `t17`.`source_id`,
    `t17`.`community`,
    `t17`.`kind`,
    `t17`.`subkind`,
    `t17`.`actor`,
    `t17`.`target_person`,
    `t17`.`target_content`,
    `t17`.`ts`,
    `t17`.`value`
  FROM (
    SELECT
      *
    FROM `events` AS `t1`
    WHERE
      `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t17`
  LEFT ANTI JOIN (
    SELECT DISTINCT
      `t0`.`network` AS `c_network`
    FROM `contents` AS `t0`
    WHERE
      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t14`
    ON `t17`.`network` = `t14`.`c_network`
), `t28` AS (
  SELECT
    `t18`.`event_id`,
    `t18`.`network`,
    `t18`.`source_id`,
    `t18`.`community`,
    `t18`.`kind`,
    `t18`.`subkind`,
    `t18`.`actor`,
    `t18`.`target_person`,
    `t18`.`target_content`,
    `t18`.`ts`,
    `t18`.`value`
  FROM (
    SELECT
      *
    FROM `events` AS `t1`
    WHERE
      `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
      AND `t1`.`ts` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t18`
  LEFT ANTI JOIN (
    SELECT DISTINCT
      `t0`.`network` AS `c_network`
    FROM `contents` AS `t0`
    WHERE
      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t14`
    ON `t18`.`network` = `t14`.`c_network`
), `t66` AS (
  SELECT
    *
  FROM (
    SELECT
      `t35`.`content_id` AS `opp`,
      MAKE_DATE(1970, 1, 1) AS `day`,
      `t35`.`author_pid`,
      `t35`.`created_at` AS `posted_at`,
      FALSE AS `virtual`
    FROM (
      SELECT
        `t31`.`content_id`,
        `t31`.`author`,
        `t31`.`created_at`,
        `t31`.`author_pid`
      FROM (
        SELECT
          `t16`.`content_id`,
          `t16`.`author`,
          `t16`.`created_at`,
          `t23`.`_author_pid_identity`,
          `t23`.`author_pid`
        FROM (
          SELECT
            *
          FROM `contents` AS `t0`
          WHERE
            `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
            AND `t0`.`kind` IN (
              'question',
              'answer',
              'tweet',
              'status',
              'note',
              'article',
              'post',
              'submission',
              'topic',
              'issue',
              'pull_request',
              'reply',
              'cascade'
            )
            AND `t0`.`author` IS NOT NULL
            AND `t0`.`created_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP)
        ) AS `t16`
        LEFT ANTI JOIN (
          SELECT DISTINCT
            `t1`.`actor` AS `w_actor`,
            `t1`.`ts` AS `w_ts`
          FROM `events` AS `t1`
          WHERE
            `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
            AND `t1`.`ts` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP)
            AND `t1`.`kind` = 'reshare'
            AND `t1`.`actor` IS NOT NULL
        ) AS `t19`
          ON `t16`.`author` = `t19`.`w_actor` AND `t16`.`created_at` = `t19`.`w_ts`
        LEFT OUTER JOIN `t3` AS `t23`
          ON `t16`.`author` = `t23`.`_author_pid_identity`
      ) AS `t31`
    ) AS `t35`
    WHERE
      `t35`.`author_pid` IS NOT NULL
  ) AS `t39`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t62`.`opp`,
      `t62`.`day`,
      `t62`.`author_pid`,
      CAST(CAST(`t62`.`day` AS TIMESTAMP) AS TIMESTAMP) AS `posted_at`,
      TRUE AS `virtual`
    FROM (
      SELECT
        *
      FROM (
        SELECT
          `t49`.`author_pid` AS `opp`,
          `t49`.`day`,
          `t49`.`author_pid`
        FROM (
          SELECT
            `t43`.`actor`,
            `t43`.`day`,
            `t24`.`_author_pid_identity`,
            `t24`.`author_pid`
          FROM (
            SELECT DISTINCT
              `t34`.`actor`,
              CAST(`t34`.`ts` AS DATE) AS `day`
            FROM `t28` AS `t34`
            WHERE
              `t34`.`target_content` IS NULL
              AND `t34`.`kind` IN ('post', 'reply', 'quote', 'reshare', 'mention')
              AND `t34`.`actor` IS NOT NULL
          ) AS `t43`
          LEFT OUTER JOIN `t3` AS `t24`
            ON `t43`.`actor` = `t24`.`_author_pid_identity`
        ) AS `t49`
        WHERE
          `t49`.`author_pid` IS NOT NULL
      ) AS `t52`
      UNION
      SELECT
        *
      FROM (
        SELECT
          `t56`.`author_pid` AS `opp`,
          `t56`.`day`,
          `t56`.`author_pid`
        FROM (
          SELECT
            `t54`.`target_person`,
            `t54`.`actor`,
            `t54`.`day`,
            `t54`.`n`,
            `t54`.`first`,
            `t54`.`author_pid`
          FROM (
            SELECT
              `t50`.`target_person`,
              `t50`.`actor`,
              `t50`.`day`,
              `t50`.`n`,
              `t50`.`first`,
              `t24`.`_author_pid_identity`,
              `t24`.`author_pid`
            FROM (
              SELECT
                `t44`.`target_person`,
                `t44`.`actor`,
                `t44`.`day`,
                COUNT(*) AS `n`,
                MIN(`t44`.`ts`) AS `first`
              FROM (
                SELECT
                  `t34`.`event_id`,
                  `t34`.`network`,
                  `t34`.`source_id`,
                  `t34`.`community`,
                  `t34`.`kind`,
                  `t34`.`subkind`,
                  `t34`.`actor`,
                  `t34`.`target_person`,
                  `t34`.`target_content`,
                  `t34`.`ts`,
                  `t34`.`value`,
                  CAST(`t34`.`ts` AS DATE) AS `day`
                FROM `t28` AS `t34`
                WHERE
                  `t34`.`target_content` IS NULL
                  AND `t34`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                  AND (
                    (
                      `t34`.`kind` <> 'reaction'
                    ) OR (
                      `t34`.`value` > 0
                    )
                  )
                  AND `t34`.`target_person` IS NOT NULL
              ) AS `t44`
              GROUP BY
                1,
                2,
                3
            ) AS `t50`
            LEFT OUTER JOIN `t3` AS `t24`
              ON `t50`.`target_person` = `t24`.`_author_pid_identity`
          ) AS `t54`
        ) AS `t56`
        WHERE
          `t56`.`author_pid` IS NOT NULL
      ) AS `t59`
    ) AS `t62`
  ) AS `t64`
), `t96` AS (
  SELECT
    `t95`.`author_pid`,
    COUNT(*) AS `posts`,
    SUM(CAST(`t95`.`virtual` AS BIGINT)) AS `virtual_posts`,
    SUM(`t95`.`success`) AS `successes`,
    SUM(`t95`.`success` * `t95`.`success`) AS `squares`,
    SUM(`t95`.`responders`) AS `responders`,
    SUM(`t95`.`anonymous`) AS `anonymous`
  FROM (
    SELECT
      `t68`.`opp`,
      `t68`.`day`,
      `t68`.`author_pid`,
      `t68`.`posted_at`,
      `t68`.`virtual`,
      COALESCE(1.0 - EXP(`t94`.`log_miss`), 0.0) AS `success`,
      COALESCE(`t94`.`responders`, 0) AS `responders`,
      COALESCE(`t94`.`anonymous`, 0) AS `anonymous`,
      COALESCE(`t94`.`breadth`, 0.0) AS `breadth`,
      COALESCE(`t94`.`value`, 0.0) AS `responder_value`
    FROM `t66` AS `t68`
    LEFT OUTER JOIN (
      SELECT
        `t92`.`opp` AS `r_opp`,
        `t92`.`day` AS `r_day`,
        SUM(`t92`.`log_miss`) AS `log_miss`,
        SUM(`t92`.`named`) AS `responders`,
        SUM(`t92`.`anon`) AS `anonymous`,
        SUM(`t92`.`sel`) AS `breadth`,
        SUM(`t92`.`value`) AS `value`
      FROM (
        SELECT
          `t91`.`opp`,
          `t91`.`day`,
          `t91`.`author_pid`,
          `t91`.`responder`,
          `t91`.`n`,
          `t91`.`first`,
          `t91`.`r_opp`,
          `t91`.`r_day`,
          `t91`.`r_pid`,
          `t91`.`r`,
          IF(
            `t91`.`responder` IS NULL,
            CAST(`t91`.`n` AS DOUBLE) * -0.6931471805599453,
            LN(1.0 - (
              0.6931471805599453 / LN(CAST(`t91`.`r` AS DOUBLE) + 2.0)
            ))
          ) AS `log_miss`,
          IF(`t91`.`responder` IS NULL, 0, 1) AS `named`,
          IF(`t91`.`responder` IS NULL, `t91`.`n`, 0) AS `anon`,
          IF(
            `t91`.`responder` IS NULL,
            CAST(`t91`.`n` AS DOUBLE) * 0.7924812503605781,
            1.0986122886681098 / LN(CAST(`t91`.`r` AS DOUBLE) + 2.0)
          ) AS `sel`,
          IF(`t91`.`responder` IS NULL, 0.0, 0.0) AS `value`
        FROM (
          SELECT
            `t87`.`opp`,
            `t87`.`day`,
            `t87`.`author_pid`,
            `t87`.`responder`,
            `t87`.`n`,
            `t87`.`first`,
            `t90`.`r_opp`,
            `t90`.`r_day`,
            `t90`.`r_pid`,
            `t90`.`r`
          FROM (
            SELECT
              `t84`.`opp`,
              `t84`.`day`,
              `t84`.`author_pid`,
              `t84`.`responder`,
              SUM(`t84`.`n`) AS `n`,
              MIN(`t84`.`first`) AS `first`
            FROM (
              SELECT
                `t82`.`opp`,
                `t82`.`day`,
                `t82`.`author_pid`,
                `t82`.`actor`,
                `t82`.`n`,
                `t82`.`first`,
                `t82`.`actor_pid`,
                COALESCE(`t82`.`actor_pid`, `t82`.`actor`) AS `responder`
              FROM (
                SELECT
                  `t81`.`opp`,
                  `t81`.`day`,
                  `t81`.`author_pid`,
                  `t81`.`actor`,
                  `t81`.`n`,
                  `t81`.`first`,
                  `t81`.`actor_pid`
                FROM (
                  SELECT
                    `t78`.`opp`,
                    `t78`.`day`,
                    `t78`.`author_pid`,
                    `t78`.`actor`,
                    `t78`.`n`,
                    `t78`.`first`,
                    `t13`.`_actor_pid_identity`,
                    `t13`.`actor_pid`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        `t72`.`opp`,
                        `t72`.`day`,
                        `t72`.`author_pid`,
                        `t29`.`actor`,
                        `t29`.`n`,
                        `t29`.`first`
                      FROM (
                        SELECT
                          `t21`.`target_content`,
                          `t21`.`actor`,
                          COUNT(*) AS `n`,
                          MIN(`t21`.`ts`) AS `first`
                        FROM (
                          SELECT
                            *
                          FROM `events` AS `t1`
                          WHERE
                            `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                            AND `t1`.`ts` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP)
                            AND `t1`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                            AND (
                              (
                                `t1`.`kind` <> 'reaction'
                              ) OR (
                                `t1`.`value` > 0
                              )
                            )
                            AND `t1`.`target_content` IS NOT NULL
                        ) AS `t21`
                        GROUP BY
                          1,
                          2
                      ) AS `t29`
                      INNER JOIN (
                        SELECT
                          *
                        FROM `t66` AS `t67`
                        WHERE
                          NOT (
                            `t67`.`virtual`
                          )
                      ) AS `t72`
                        ON `t29`.`target_content` = `t72`.`opp`
                    ) AS `t75`
                    UNION ALL
                    SELECT
                      *
                    FROM (
                      SELECT
                        `t56`.`author_pid` AS `opp`,
                        `t56`.`day`,
                        `t56`.`author_pid`,
                        `t56`.`actor`,
                        `t56`.`n`,
                        `t56`.`first`
                      FROM (
                        SELECT
                          `t54`.`target_person`,
                          `t54`.`actor`,
                          `t54`.`day`,
                          `t54`.`n`,
                          `t54`.`first`,
                          `t54`.`author_pid`
                        FROM (
                          SELECT
                            `t50`.`target_person`,
                            `t50`.`actor`,
                            `t50`.`day`,
                            `t50`.`n`,
                            `t50`.`first`,
                            `t24`.`_author_pid_identity`,
                            `t24`.`author_pid`
                          FROM (
                            SELECT
                              `t44`.`target_person`,
                              `t44`.`actor`,
                              `t44`.`day`,
                              COUNT(*) AS `n`,
                              MIN(`t44`.`ts`) AS `first`
                            FROM (
                              SELECT
                                `t34`.`event_id`,
                                `t34`.`network`,
                                `t34`.`source_id`,
                                `t34`.`community`,
                                `t34`.`kind`,
                                `t34`.`subkind`,
                                `t34`.`actor`,
                                `t34`.`target_person`,
                                `t34`.`target_content`,
                                `t34`.`ts`,
                                `t34`.`value`,
                                CAST(`t34`.`ts` AS DATE) AS `day`
                              FROM `t28` AS `t34`
                              WHERE
                                `t34`.`target_content` IS NULL
                                AND `t34`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                                AND (
                                  (
                                    `t34`.`kind` <> 'reaction'
                                  ) OR (
                                    `t34`.`value` > 0
                                  )
                                )
                                AND `t34`.`target_person` IS NOT NULL
                            ) AS `t44`
                            GROUP BY
                              1,
                              2,
                              3
                          ) AS `t50`
                          LEFT OUTER JOIN `t3` AS `t24`
                            ON `t50`.`target_person` = `t24`.`_author_pid_identity`
                        ) AS `t54`
                      ) AS `t56`
                      WHERE
                        `t56`.`author_pid` IS NOT NULL
                    ) AS `t60`
                  ) AS `t78`
                  LEFT OUTER JOIN (
                    SELECT
                      `t2`.`identity_id` AS `_actor_pid_identity`,
                      `t2`.`person_id` AS `actor_pid`
                    FROM `identities` AS `t2`
                  ) AS `t13`
                    ON `t78`.`actor` = `t13`.`_actor_pid_identity`
                ) AS `t81`
              ) AS `t82`
              WHERE
                (
                  COALESCE(`t82`.`actor_pid`, `t82`.`actor`) IS NULL
                )
                OR (
                  COALESCE(`t82`.`actor_pid`, `t82`.`actor`) <> `t82`.`author_pid`
                )
            ) AS `t84`
            GROUP BY
              1,
              2,
              3,
              4
          ) AS `t87`
          LEFT OUTER JOIN (
            SELECT
              `t88`.`opp` AS `r_opp`,
              `t88`.`day` AS `r_day`,
              `t88`.`responder` AS `r_pid`,
              COUNT(`t88`.`opp`) OVER (
                PARTITION BY `t88`.`responder`
                ORDER BY UNIX_TIMESTAMP(CAST(`t88`.`first` AS TIMESTAMP)) ASC NULLS LAST
                RANGE BETWEEN 31535999 PRECEDING AND CURRENT ROW
              ) AS `r`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  `t83`.`opp`,
                  `t83`.`day`,
                  `t83`.`author_pid`,
                  `t83`.`responder`,
                  SUM(`t83`.`n`) AS `n`,
                  MIN(`t83`.`first`) AS `first`
                FROM (
                  SELECT
                    `t80`.`opp`,
                    `t80`.`day`,
                    `t80`.`author_pid`,
                    `t80`.`actor`,
                    `t80`.`n`,
                    `t80`.`first`,
                    `t80`.`actor_pid`,
                    COALESCE(`t80`.`actor_pid`, `t80`.`actor`) AS `responder`
                  FROM (
                    SELECT
                      `t79`.`opp`,
                      `t79`.`day`,
                      `t79`.`author_pid`,
                      `t79`.`actor`,
                      `t79`.`n`,
                      `t79`.`first`,
                      `t79`.`actor_pid`
                    FROM (
                      SELECT
                        `t76`.`opp`,
                        `t76`.`day`,
                        `t76`.`author_pid`,
                        `t76`.`actor`,
                        `t76`.`n`,
                        `t76`.`first`,
                        `t13`.`_actor_pid_identity`,
                        `t13`.`actor_pid`
                      FROM (
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t70`.`opp`,
                            `t70`.`day`,
                            `t70`.`author_pid`,
                            `t30`.`actor`,
                            `t30`.`n`,
                            `t30`.`first`
                          FROM (
                            SELECT
                              `t22`.`target_content`,
                              `t22`.`actor`,
                              COUNT(*) AS `n`,
                              MIN(`t22`.`ts`) AS `first`
                            FROM (
                              SELECT
                                *
                              FROM `events` AS `t1`
                              WHERE
                                `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                                AND `t1`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                                AND (
                                  (
                                    `t1`.`kind` <> 'reaction'
                                  ) OR (
                                    `t1`.`value` > 0
                                  )
                                )
                                AND `t1`.`target_content` IS NOT NULL
                            ) AS `t22`
                            GROUP BY
                              1,
                              2
                          ) AS `t30`
                          INNER JOIN (
                            SELECT
                              *
                            FROM (
                              SELECT
                                *
                              FROM (
                                SELECT
                                  `t36`.`content_id` AS `opp`,
                                  MAKE_DATE(1970, 1, 1) AS `day`,
                                  `t36`.`author_pid`,
                                  `t36`.`created_at` AS `posted_at`,
                                  FALSE AS `virtual`
                                FROM (
                                  SELECT
                                    `t32`.`content_id`,
                                    `t32`.`author`,
                                    `t32`.`created_at`,
                                    `t32`.`author_pid`
                                  FROM (
                                    SELECT
                                      `t15`.`content_id`,
                                      `t15`.`author`,
                                      `t15`.`created_at`,
                                      `t23`.`_author_pid_identity`,
                                      `t23`.`author_pid`
                                    FROM (
                                      SELECT
                                        *
                                      FROM `contents` AS `t0`
                                      WHERE
                                        `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                                        AND `t0`.`kind` IN (
                                          'question',
                                          'answer',
                                          'tweet',
                                          'status',
                                          'note',
                                          'article',
                                          'post',
                                          'submission',
                                          'topic',
                                          'issue',
                                          'pull_request',
                                          'reply',
                                          'cascade'
                                        )
                                        AND `t0`.`author` IS NOT NULL
                                    ) AS `t15`
                                    LEFT ANTI JOIN (
                                      SELECT DISTINCT
                                        `t1`.`actor` AS `w_actor`,
                                        `t1`.`ts` AS `w_ts`
                                      FROM `events` AS `t1`
                                      WHERE
                                        `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                                        AND `t1`.`kind` = 'reshare'
                                        AND `t1`.`actor` IS NOT NULL
                                    ) AS `t20`
                                      ON `t15`.`author` = `t20`.`w_actor` AND `t15`.`created_at` = `t20`.`w_ts`
                                    LEFT OUTER JOIN `t3` AS `t23`
                                      ON `t15`.`author` = `t23`.`_author_pid_identity`
                                  ) AS `t32`
                                ) AS `t36`
                                WHERE
                                  `t36`.`author_pid` IS NOT NULL
                              ) AS `t40`
                              UNION ALL
                              SELECT
                                *
                              FROM (
                                SELECT
                                  `t61`.`opp`,
                                  `t61`.`day`,
                                  `t61`.`author_pid`,
                                  CAST(CAST(`t61`.`day` AS TIMESTAMP) AS TIMESTAMP) AS `posted_at`,
                                  TRUE AS `virtual`
                                FROM (
                                  SELECT
                                    *
                                  FROM (
                                    SELECT
                                      `t47`.`author_pid` AS `opp`,
                                      `t47`.`day`,
                                      `t47`.`author_pid`
                                    FROM (
                                      SELECT
                                        `t41`.`actor`,
                                        `t41`.`day`,
                                        `t24`.`_author_pid_identity`,
                                        `t24`.`author_pid`
                                      FROM (
                                        SELECT DISTINCT
                                          `t33`.`actor`,
                                          CAST(`t33`.`ts` AS DATE) AS `day`
                                        FROM `t27` AS `t33`
                                        WHERE
                                          `t33`.`target_content` IS NULL
                                          AND `t33`.`kind` IN ('post', 'reply', 'quote', 'reshare', 'mention')
                                          AND `t33`.`actor` IS NOT NULL
                                      ) AS `t41`
                                      LEFT OUTER JOIN `t3` AS `t24`
                                        ON `t41`.`actor` = `t24`.`_author_pid_identity`
                                    ) AS `t47`
                                    WHERE
                                      `t47`.`author_pid` IS NOT NULL
                                  ) AS `t51`
                                  UNION
                                  SELECT
                                    *
                                  FROM (
                                    SELECT
                                      `t55`.`author_pid` AS `opp`,
                                      `t55`.`day`,
                                      `t55`.`author_pid`
                                    FROM (
                                      SELECT
                                        `t53`.`target_person`,
                                        `t53`.`actor`,
                                        `t53`.`day`,
                                        `t53`.`n`,
                                        `t53`.`first`,
                                        `t53`.`author_pid`
                                      FROM (
                                        SELECT
                                          `t48`.`target_person`,
                                          `t48`.`actor`,
                                          `t48`.`day`,
                                          `t48`.`n`,
                                          `t48`.`first`,
                                          `t24`.`_author_pid_identity`,
                                          `t24`.`author_pid`
                                        FROM (
                                          SELECT
                                            `t42`.`target_person`,
                                            `t42`.`actor`,
                                            `t42`.`day`,
                                            COUNT(*) AS `n`,
                                            MIN(`t42`.`ts`) AS `first`
                                          FROM (
                                            SELECT
                                              `t33`.`event_id`,
                                              `t33`.`network`,
                                              `t33`.`source_id`,
                                              `t33`.`community`,
                                              `t33`.`kind`,
                                              `t33`.`subkind`,
                                              `t33`.`actor`,
                                              `t33`.`target_person`,
                                              `t33`.`target_content`,
                                              `t33`.`ts`,
                                              `t33`.`value`,
                                              CAST(`t33`.`ts` AS DATE) AS `day`
                                            FROM `t27` AS `t33`
                                            WHERE
                                              `t33`.`target_content` IS NULL
                                              AND `t33`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                                              AND (
                                                (
                                                  `t33`.`kind` <> 'reaction'
                                                ) OR (
                                                  `t33`.`value` > 0
                                                )
                                              )
                                              AND `t33`.`target_person` IS NOT NULL
                                          ) AS `t42`
                                          GROUP BY
                                            1,
                                            2,
                                            3
                                        ) AS `t48`
                                        LEFT OUTER JOIN `t3` AS `t24`
                                          ON `t48`.`target_person` = `t24`.`_author_pid_identity`
                                      ) AS `t53`
                                    ) AS `t55`
                                    WHERE
                                      `t55`.`author_pid` IS NOT NULL
                                  ) AS `t58`
                                ) AS `t61`
                              ) AS `t63`
                            ) AS `t65`
                            WHERE
                              NOT (
                                `t65`.`virtual`
                              )
                          ) AS `t70`
                            ON `t30`.`target_content` = `t70`.`opp`
                        ) AS `t73`
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t55`.`author_pid` AS `opp`,
                            `t55`.`day`,
                            `t55`.`author_pid`,
                            `t55`.`actor`,
                            `t55`.`n`,
                            `t55`.`first`
                          FROM (
                            SELECT
                              `t53`.`target_person`,
                              `t53`.`actor`,
                              `t53`.`day`,
                              `t53`.`n`,
                              `t53`.`first`,
                              `t53`.`author_pid`
                            FROM (
                              SELECT
                                `t48`.`target_person`,
                                `t48`.`actor`,
                                `t48`.`day`,
                                `t48`.`n`,
                                `t48`.`first`,
                                `t24`.`_author_pid_identity`,
                                `t24`.`author_pid`
                              FROM (
                                SELECT
                                  `t42`.`target_person`,
                                  `t42`.`actor`,
                                  `t42`.`day`,
                                  COUNT(*) AS `n`,
                                  MIN(`t42`.`ts`) AS `first`
                                FROM (
                                  SELECT
                                    `t33`.`event_id`,
                                    `t33`.`network`,
                                    `t33`.`source_id`,
                                    `t33`.`community`,
                                    `t33`.`kind`,
                                    `t33`.`subkind`,
                                    `t33`.`actor`,
                                    `t33`.`target_person`,
                                    `t33`.`target_content`,
                                    `t33`.`ts`,
                                    `t33`.`value`,
                                    CAST(`t33`.`ts` AS DATE) AS `day`
                                  FROM `t27` AS `t33`
                                  WHERE
                                    `t33`.`target_content` IS NULL
                                    AND `t33`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                                    AND (
                                      (
                                        `t33`.`kind` <> 'reaction'
                                      ) OR (
                                        `t33`.`value` > 0
                                      )
                                    )
                                    AND `t33`.`target_person` IS NOT NULL
                                ) AS `t42`
                                GROUP BY
                                  1,
                                  2,
                                  3
                              ) AS `t48`
                              LEFT OUTER JOIN `t3` AS `t24`
                                ON `t48`.`target_person` = `t24`.`_author_pid_identity`
                            ) AS `t53`
                          ) AS `t55`
                          WHERE
                            `t55`.`author_pid` IS NOT NULL
                        ) AS `t57`
                      ) AS `t76`
                      LEFT OUTER JOIN (
                        SELECT
                          `t2`.`identity_id` AS `_actor_pid_identity`,
                          `t2`.`person_id` AS `actor_pid`
                        FROM `identities` AS `t2`
                      ) AS `t13`
                        ON `t76`.`actor` = `t13`.`_actor_pid_identity`
                    ) AS `t79`
                  ) AS `t80`
                  WHERE
                    (
                      COALESCE(`t80`.`actor_pid`, `t80`.`actor`) IS NULL
                    )
                    OR (
                      COALESCE(`t80`.`actor_pid`, `t80`.`actor`) <> `t80`.`author_pid`
                    )
                ) AS `t83`
                GROUP BY
                  1,
                  2,
                  3,
                  4
              ) AS `t85`
              WHERE
                `t85`.`responder` IS NOT NULL
            ) AS `t88`
          ) AS `t90`
            ON `t87`.`opp` = `t90`.`r_opp`
            AND `t87`.`day` = `t90`.`r_day`
            AND `t87`.`responder` = `t90`.`r_pid`
        ) AS `t91`
      ) AS `t92`
      GROUP BY
        1,
        2
    ) AS `t94`
      ON `t68`.`opp` = `t94`.`r_opp` AND `t68`.`day` = `t94`.`r_day`
  ) AS `t95`
  GROUP BY
    1
)
SELECT
  `t105`.`person_id`,
  `t105`.`score`,
  `t105`.`value`,
  `t105`.`low`,
  `t105`.`high`,
  `t105`.`components`,
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST(`t105`.`_below` AS DOUBLE) + (
              CAST(`t105`.`_equal` AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / `t105`.`_n`
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS `percentile`
FROM (
  SELECT
    `t104`.`person_id`,
    `t104`.`score`,
    `t104`.`value`,
    `t104`.`low`,
    `t104`.`high`,
    `t104`.`components`,
    `t104`.`_key`,
    RANK() OVER (PARTITION BY `t104`.`score` ORDER BY `t104`.`_key` ASC NULLS LAST) - 1 AS `_below`,
    COUNT(`t104`.`person_id`) OVER (
      PARTITION BY `t104`.`score`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_n`,
    COUNT(`t104`.`person_id`) OVER (
      PARTITION BY `t104`.`score`, `t104`.`_key`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_equal`
  FROM (
    SELECT
      `t103`.`person_id`,
      `t103`.`score`,
      `t103`.`value`,
      `t103`.`low`,
      `t103`.`high`,
      `t103`.`components`,
      CAST(ROUND(`t103`.`value`, 9) AS DOUBLE) AS `_key`
    FROM (
      SELECT
        `t102`.`author_pid` AS `person_id`,
        'resonance' AS `score`,
        (
          `t102`.`alpha` + `t102`.`successes`
        ) / (
          `t102`.`alpha` + `t102`.`successes` + (
            (
              `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
            ) - `t102`.`successes`
          )
        ) AS `value`,
        GREATEST(
          (
            (
              `t102`.`alpha` + `t102`.`successes`
            ) / (
              `t102`.`alpha` + `t102`.`successes` + (
                (
                  `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                ) - `t102`.`successes`
              )
            )
          ) - (
            SQRT(
              (
                (
                  `t102`.`alpha` + `t102`.`successes`
                ) * (
                  (
                    `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                  ) - `t102`.`successes`
                )
              ) / (
                (
                  `t102`.`alpha` + `t102`.`successes` + (
                    (
                      `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                    ) - `t102`.`successes`
                  )
                ) * (
                  `t102`.`alpha` + `t102`.`successes` + (
                    (
                      `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                    ) - `t102`.`successes`
                  )
                ) * (
                  `t102`.`alpha` + `t102`.`successes` + (
                    (
                      `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                    ) - `t102`.`successes`
                  ) + 1.0
                )
              )
            ) * 1.6448536269514715
          ),
          0.0
        ) AS `low`,
        LEAST(
          (
            (
              `t102`.`alpha` + `t102`.`successes`
            ) / (
              `t102`.`alpha` + `t102`.`successes` + (
                (
                  `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                ) - `t102`.`successes`
              )
            )
          ) + (
            SQRT(
              (
                (
                  `t102`.`alpha` + `t102`.`successes`
                ) * (
                  (
                    `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                  ) - `t102`.`successes`
                )
              ) / (
                (
                  `t102`.`alpha` + `t102`.`successes` + (
                    (
                      `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                    ) - `t102`.`successes`
                  )
                ) * (
                  `t102`.`alpha` + `t102`.`successes` + (
                    (
                      `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                    ) - `t102`.`successes`
                  )
                ) * (
                  `t102`.`alpha` + `t102`.`successes` + (
                    (
                      `t102`.`beta` + CAST(`t102`.`posts` AS DOUBLE)
                    ) - `t102`.`successes`
                  ) + 1.0
                )
              )
            ) * 1.6448536269514715
          ),
          1.0
        ) AS `high`,
        STRUCT(
          `t102`.`posts` AS `posts`,
          `t102`.`virtual_posts` AS `virtual_posts`,
          `t102`.`successes` AS `successes`,
          `t102`.`successes` / CAST(`t102`.`posts` AS DOUBLE) AS `raw_rate`,
          `t102`.`responders` AS `responders`,
          `t102`.`anonymous` AS `anonymous`,
          `t102`.`alpha` AS `alpha`,
          `t102`.`beta` AS `beta`
        ) AS `components`
      FROM (
        SELECT
          `t98`.`author_pid`,
          `t98`.`posts`,
          `t98`.`virtual_posts`,
          `t98`.`successes`,
          `t98`.`squares`,
          `t98`.`responders`,
          `t98`.`anonymous`,
          `t101`.`alpha`,
          `t101`.`beta`
        FROM `t96` AS `t98`
        CROSS JOIN (
          SELECT
            GREATEST(LEAST(`t99`.`k` / NULLIF(`t99`.`n_posts`, 0.0), 0.999999), 1e-06) * COALESCE(
              GREATEST(
                LEAST(
                  IF(
                    (
                      `t99`.`n_persons` >= 2
                    )
                    AND (
                      (
                        (
                          `t99`.`w` - `t99`.`q`
                        ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN((
                        `t99`.`w` - `t99`.`q`
                      ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0))
                    )
                    AND (
                      (
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN(
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0)
                      )
                    ),
                    IF(
                      (
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0)
                      ) > 0,
                      (
                        (
                          `t99`.`w` - `t99`.`q`
                        ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                      ) / NULLIF(
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0),
                        0.0
                      ),
                      1000.0
                    ),
                    CAST(NULL AS DOUBLE)
                  ),
                  1000.0
                ),
                1.0
              ),
              2.0
            ) AS `alpha`,
            (
              1.0 - GREATEST(LEAST(`t99`.`k` / NULLIF(`t99`.`n_posts`, 0.0), 0.999999), 1e-06)
            ) * COALESCE(
              GREATEST(
                LEAST(
                  IF(
                    (
                      `t99`.`n_persons` >= 2
                    )
                    AND (
                      (
                        (
                          `t99`.`w` - `t99`.`q`
                        ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN((
                        `t99`.`w` - `t99`.`q`
                      ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0))
                    )
                    AND (
                      (
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN(
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0)
                      )
                    ),
                    IF(
                      (
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0)
                      ) > 0,
                      (
                        (
                          `t99`.`w` - `t99`.`q`
                        ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                      ) / NULLIF(
                        (
                          (
                            `t99`.`q` - (
                              (
                                `t99`.`k` * `t99`.`k`
                              ) / NULLIF(`t99`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t99`.`n_persons` - 1.0
                            ) * (
                              (
                                `t99`.`w` - `t99`.`q`
                              ) / NULLIF(`t99`.`n_posts` - `t99`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t99`.`n_posts` - (
                          `t99`.`n2` / NULLIF(`t99`.`n_posts`, 0.0)
                        ), 0.0),
                        0.0
                      ),
                      1000.0
                    ),
                    CAST(NULL AS DOUBLE)
                  ),
                  1000.0
                ),
                1.0
              ),
              2.0
            ) AS `beta`
          FROM (
            SELECT
              CAST(COUNT(*) AS DOUBLE) AS `n_persons`,
              CAST(SUM(`t97`.`posts`) AS DOUBLE) AS `n_posts`,
              CAST(SUM(`t97`.`posts` * `t97`.`posts`) AS DOUBLE) AS `n2`,
              SUM(`t97`.`successes`) AS `k`,
              SUM((
                `t97`.`successes` * `t97`.`successes`
              ) / CAST(`t97`.`posts` AS DOUBLE)) AS `q`,
              SUM(`t97`.`squares`) AS `w`
            FROM `t96` AS `t97`
          ) AS `t99`
        ) AS `t101`
      ) AS `t102`
    ) AS `t103`
  ) AS `t104`
) AS `t105`

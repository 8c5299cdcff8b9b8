WITH `t3` AS (
  SELECT
    `t2`.`identity_id` AS `_author_pid_identity`,
    `t2`.`person_id` AS `author_pid`
  FROM `identities` AS `t2`
), `t19` AS (
  SELECT
    `t13`.`event_id`,
    `t13`.`network`,
    `t13`.`source_id`,
    `t13`.`community`,
    `t13`.`kind`,
    `t13`.`subkind`,
    `t13`.`actor`,
    `t13`.`target_person`,
    `t13`.`target_content`,
    `t13`.`ts`,
    `t13`.`value`
  FROM (
    SELECT
      *
    FROM `events` AS `t1`
    WHERE
      `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t13`
  LEFT ANTI JOIN (
    SELECT DISTINCT
      `t0`.`network` AS `c_network`
    FROM `contents` AS `t0`
    WHERE
      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t12`
    ON `t13`.`network` = `t12`.`c_network`
), `t40` AS (
  SELECT
    `t39`.`opp`,
    `t39`.`day`,
    `t39`.`author_pid`,
    `t39`.`posted_at`,
    `t39`.`virtual`,
    (
      ROW_NUMBER() OVER (
        ORDER BY `t39`.`posted_at` ASC NULLS LAST, `t39`.`opp` ASC NULLS LAST, `t39`.`day` ASC NULLS LAST
      ) - 1
    ) + 0 AS `post`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t23`.`content_id` AS `opp`,
        MAKE_DATE(1970, 1, 1) AS `day`,
        `t23`.`author_pid`,
        `t23`.`created_at` AS `posted_at`,
        FALSE AS `virtual`
      FROM (
        SELECT
          `t21`.`content_id`,
          `t21`.`author`,
          `t21`.`created_at`,
          `t21`.`author_pid`
        FROM (
          SELECT
            `t11`.`content_id`,
            `t11`.`author`,
            `t11`.`created_at`,
            `t16`.`_author_pid_identity`,
            `t16`.`author_pid`
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
          ) AS `t11`
          LEFT ANTI JOIN (
            SELECT DISTINCT
              `t1`.`actor` AS `w_actor`,
              `t1`.`ts` AS `w_ts`
            FROM `events` AS `t1`
            WHERE
              `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
              AND `t1`.`kind` = 'reshare'
              AND `t1`.`actor` IS NOT NULL
          ) AS `t14`
            ON `t11`.`author` = `t14`.`w_actor` AND `t11`.`created_at` = `t14`.`w_ts`
          LEFT OUTER JOIN `t3` AS `t16`
            ON `t11`.`author` = `t16`.`_author_pid_identity`
        ) AS `t21`
      ) AS `t23`
      WHERE
        `t23`.`author_pid` IS NOT NULL
    ) AS `t25`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t35`.`opp`,
        `t35`.`day`,
        `t35`.`author_pid`,
        CAST(CAST(`t35`.`day` AS TIMESTAMP) AS TIMESTAMP) AS `posted_at`,
        TRUE AS `virtual`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t29`.`author_pid` AS `opp`,
            `t29`.`day`,
            `t29`.`author_pid`
          FROM (
            SELECT
              `t26`.`actor`,
              `t26`.`day`,
              `t17`.`_author_pid_identity`,
              `t17`.`author_pid`
            FROM (
              SELECT DISTINCT
                `t22`.`actor`,
                CAST(`t22`.`ts` AS DATE) AS `day`
              FROM `t19` AS `t22`
              WHERE
                `t22`.`target_content` IS NULL
                AND `t22`.`kind` IN ('post', 'reply', 'quote', 'reshare', 'mention')
                AND `t22`.`actor` IS NOT NULL
            ) AS `t26`
            LEFT OUTER JOIN `t3` AS `t17`
              ON `t26`.`actor` = `t17`.`_author_pid_identity`
          ) AS `t29`
          WHERE
            `t29`.`author_pid` IS NOT NULL
        ) AS `t31`
        UNION
        SELECT
          *
        FROM (
          SELECT
            `t33`.`author_pid` AS `opp`,
            `t33`.`day`,
            `t33`.`author_pid`
          FROM (
            SELECT
              `t32`.`target_person`,
              `t32`.`actor`,
              `t32`.`day`,
              `t32`.`n`,
              `t32`.`first`,
              `t32`.`author_pid`
            FROM (
              SELECT
                `t30`.`target_person`,
                `t30`.`actor`,
                `t30`.`day`,
                `t30`.`n`,
                `t30`.`first`,
                `t17`.`_author_pid_identity`,
                `t17`.`author_pid`
              FROM (
                SELECT
                  `t27`.`target_person`,
                  `t27`.`actor`,
                  `t27`.`day`,
                  COUNT(*) AS `n`,
                  MIN(`t27`.`ts`) AS `first`
                FROM (
                  SELECT
                    `t22`.`event_id`,
                    `t22`.`network`,
                    `t22`.`source_id`,
                    `t22`.`community`,
                    `t22`.`kind`,
                    `t22`.`subkind`,
                    `t22`.`actor`,
                    `t22`.`target_person`,
                    `t22`.`target_content`,
                    `t22`.`ts`,
                    `t22`.`value`,
                    CAST(`t22`.`ts` AS DATE) AS `day`
                  FROM `t19` AS `t22`
                  WHERE
                    `t22`.`target_content` IS NULL
                    AND `t22`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                    AND (
                      (
                        `t22`.`kind` <> 'reaction'
                      ) OR (
                        `t22`.`value` > 0
                      )
                    )
                    AND `t22`.`target_person` IS NOT NULL
                ) AS `t27`
                GROUP BY
                  1,
                  2,
                  3
              ) AS `t30`
              LEFT OUTER JOIN `t3` AS `t17`
                ON `t30`.`target_person` = `t17`.`_author_pid_identity`
            ) AS `t32`
          ) AS `t33`
          WHERE
            `t33`.`author_pid` IS NOT NULL
        ) AS `t34`
      ) AS `t35`
    ) AS `t38`
  ) AS `t39`
), `t56` AS (
  SELECT
    `t55`.`post`,
    `t55`.`responder`,
    SUM(`t55`.`n`) AS `n`,
    MIN(`t55`.`first`) AS `first`
  FROM (
    SELECT
      `t54`.`post`,
      `t54`.`author_pid`,
      `t54`.`actor`,
      `t54`.`n`,
      `t54`.`first`,
      `t54`.`actor_pid`,
      COALESCE(`t54`.`actor_pid`, `t54`.`actor`) AS `responder`
    FROM (
      SELECT
        `t53`.`post`,
        `t53`.`author_pid`,
        `t53`.`actor`,
        `t53`.`n`,
        `t53`.`first`,
        `t53`.`actor_pid`
      FROM (
        SELECT
          `t52`.`post`,
          `t52`.`author_pid`,
          `t52`.`actor`,
          `t52`.`n`,
          `t52`.`first`,
          `t10`.`_actor_pid_identity`,
          `t10`.`actor_pid`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t46`.`post`,
              `t46`.`author_pid`,
              `t20`.`actor`,
              `t20`.`n`,
              GREATEST(`t20`.`first`, `t46`.`posted_at`) AS `first`
            FROM (
              SELECT
                `t15`.`target_content`,
                `t15`.`actor`,
                COUNT(*) AS `n`,
                MIN(`t15`.`ts`) AS `first`
              FROM (
                SELECT
                  `t1`.`target_content`,
                  `t1`.`actor`,
                  `t1`.`ts`
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
              ) AS `t15`
              GROUP BY
                1,
                2
            ) AS `t20`
            INNER JOIN (
              SELECT
                `t41`.`post`,
                `t41`.`opp`,
                `t41`.`author_pid`,
                `t41`.`posted_at`
              FROM `t40` AS `t41`
              WHERE
                `t41`.`virtual` = FALSE
            ) AS `t46`
              ON `t20`.`target_content` = `t46`.`opp`
          ) AS `t48`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t47`.`v_post` AS `post`,
                `t37`.`author_pid`,
                `t37`.`actor`,
                `t37`.`n`,
                `t37`.`first`
              FROM (
                SELECT
                  `t33`.`author_pid` AS `opp`,
                  `t33`.`day`,
                  `t33`.`author_pid`,
                  `t33`.`actor`,
                  `t33`.`n`,
                  `t33`.`first`,
                  CONCAT(`t33`.`author_pid`, '|', CAST(`t33`.`day` AS STRING)) AS `l_key`
                FROM (
                  SELECT
                    `t32`.`target_person`,
                    `t32`.`actor`,
                    `t32`.`day`,
                    `t32`.`n`,
                    `t32`.`first`,
                    `t32`.`author_pid`
                  FROM (
                    SELECT
                      `t30`.`target_person`,
                      `t30`.`actor`,
                      `t30`.`day`,
                      `t30`.`n`,
                      `t30`.`first`,
                      `t17`.`_author_pid_identity`,
                      `t17`.`author_pid`
                    FROM (
                      SELECT
                        `t27`.`target_person`,
                        `t27`.`actor`,
                        `t27`.`day`,
                        COUNT(*) AS `n`,
                        MIN(`t27`.`ts`) AS `first`
                      FROM (
                        SELECT
                          `t22`.`event_id`,
                          `t22`.`network`,
                          `t22`.`source_id`,
                          `t22`.`community`,
                          `t22`.`kind`,
                          `t22`.`subkind`,
                          `t22`.`actor`,
                          `t22`.`target_person`,
                          `t22`.`target_content`,
                          `t22`.`ts`,
                          `t22`.`value`,
                          CAST(`t22`.`ts` AS DATE) AS `day`
                        FROM `t19` AS `t22`
                        WHERE
                          `t22`.`target_content` IS NULL
                          AND `t22`.`kind` IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                          AND (
                            (
                              `t22`.`kind` <> 'reaction'
                            ) OR (
                              `t22`.`value` > 0
                            )
                          )
                          AND `t22`.`target_person` IS NOT NULL
                      ) AS `t27`
                      GROUP BY
                        1,
                        2,
                        3
                    ) AS `t30`
                    LEFT OUTER JOIN `t3` AS `t17`
                      ON `t30`.`target_person` = `t17`.`_author_pid_identity`
                  ) AS `t32`
                ) AS `t33`
                WHERE
                  `t33`.`author_pid` IS NOT NULL
              ) AS `t37`
              INNER JOIN (
                SELECT
                  `t41`.`post` AS `v_post`,
                  CONCAT(`t41`.`opp`, '|', CAST(`t41`.`day` AS STRING)) AS `v_key`
                FROM `t40` AS `t41`
                WHERE
                  `t41`.`virtual` = TRUE
              ) AS `t47`
                ON `t37`.`l_key` = `t47`.`v_key`
            ) AS `t49`
          ) AS `t50`
        ) AS `t52`
        LEFT OUTER JOIN (
          SELECT
            `t2`.`identity_id` AS `_actor_pid_identity`,
            `t2`.`person_id` AS `actor_pid`
          FROM `identities` AS `t2`
        ) AS `t10`
          ON `t52`.`actor` = `t10`.`_actor_pid_identity`
      ) AS `t53`
    ) AS `t54`
    WHERE
      (
        COALESCE(`t54`.`actor_pid`, `t54`.`actor`) IS NULL
      )
      OR (
        COALESCE(`t54`.`actor_pid`, `t54`.`actor`) <> `t54`.`author_pid`
      )
  ) AS `t55`
  GROUP BY
    1,
    2
), `t71` AS (
  SELECT
    *
  FROM (
    SELECT
      `t69`.`author_pid`,
      CAST(SUM(
        CAST(`t69`.`posted_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP) AS BIGINT) - 0
      ) AS BIGINT) AS `posts`,
      CAST(SUM(
        (
          CAST(`t69`.`posted_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP) AS BIGINT) - 0
        ) * CAST(`t69`.`virtual` AS BIGINT)
      ) AS BIGINT) AS `virtual_posts`,
      SUM(
        (
          CAST(CAST(`t69`.`posted_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP) AS BIGINT) AS DOUBLE) * `t69`.`s_n`
        ) - (
          CAST(0 AS DOUBLE) * `t69`.`s_o`
        )
      ) AS `successes`,
      SUM(
        (
          CAST(CAST(`t69`.`posted_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP) AS BIGINT) AS DOUBLE) * `t69`.`s_n` * `t69`.`s_n`
        ) - (
          CAST(0 AS DOUBLE) * `t69`.`s_o` * `t69`.`s_o`
        )
      ) AS `squares`,
      CAST(SUM(
        (
          CAST(`t69`.`posted_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP) AS BIGINT) * `t69`.`k_n`
        ) - (
          0 * `t69`.`k_o`
        )
      ) AS BIGINT) AS `responders`,
      CAST(SUM(
        (
          CAST(`t69`.`posted_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP) AS BIGINT) * `t69`.`a_n`
        ) - (
          0 * `t69`.`a_o`
        )
      ) AS BIGINT) AS `anonymous`
    FROM (
      SELECT
        `t44`.`post`,
        `t44`.`author_pid`,
        `t44`.`posted_at`,
        `t44`.`virtual`,
        `t44`.`fresh`,
        1.0 - EXP(0.0 + (
          CAST(0 AS DOUBLE) * -0.6931471805599453
        )) AS `s_o`,
        1.0 - EXP(
          0.0 + COALESCE(`t68`.`d_lm`, 0.0) + (
            CAST(0 + COALESCE(`t68`.`d_an`, 0) AS DOUBLE) * -0.6931471805599453
          )
        ) AS `s_n`,
        0.0 + (
          CAST(0 AS DOUBLE) * 0.7924812503605781
        ) AS `b_o`,
        0.0 + COALESCE(`t68`.`d_br`, 0.0) + (
          CAST(0 + COALESCE(`t68`.`d_an`, 0) AS DOUBLE) * 0.7924812503605781
        ) AS `b_n`,
        0 AS `k_o`,
        0 + COALESCE(`t68`.`d_k`, 0) AS `k_n`,
        0 AS `a_o`,
        0 + COALESCE(`t68`.`d_an`, 0) AS `a_n`
      FROM (
        SELECT
          `t41`.`opp`,
          `t41`.`day`,
          `t41`.`author_pid`,
          `t41`.`posted_at`,
          `t41`.`virtual`,
          `t41`.`post`,
          TRUE AS `fresh`
        FROM `t40` AS `t41`
      ) AS `t44`
      LEFT OUTER JOIN (
        SELECT
          `t66`.`post` AS `d_post`,
          `t66`.`log_miss` AS `d_lm`,
          `t66`.`responders` AS `d_k`,
          `t66`.`breadth` AS `d_br`,
          `t66`.`anonymous` AS `d_an`
        FROM (
          SELECT
            `t65`.`post`,
            CAST(SUM(`t65`.`log_miss`) AS DOUBLE) AS `log_miss`,
            CAST(SUM(`t65`.`responders`) AS BIGINT) AS `responders`,
            CAST(SUM(`t65`.`breadth`) AS DOUBLE) AS `breadth`,
            CAST(SUM(`t65`.`anonymous`) AS BIGINT) AS `anonymous`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t63`.`post`,
                `t63`.`log_miss`,
                `t63`.`responders`,
                `t63`.`breadth`,
                0 AS `anonymous`
              FROM (
                SELECT
                  `t62`.`post`,
                  SUM(LN(1.0 - (
                    0.6931471805599453 / LN(CAST(`t62`.`r` AS DOUBLE) + 2.0)
                  ))) AS `log_miss`,
                  COUNT(*) AS `responders`,
                  SUM(1.0986122886681098 / LN(CAST(`t62`.`r` AS DOUBLE) + 2.0)) AS `breadth`
                FROM (
                  SELECT
                    `t59`.`post`,
                    `t59`.`responder`,
                    `t59`.`first`,
                    COUNT(`t59`.`post`) OVER (
                      PARTITION BY `t59`.`responder`
                      ORDER BY DATEDIFF(
                        MICROSECOND,
                        CAST('1970-01-01T00:00:00' AS TIMESTAMP),
                        CAST(`t59`.`first` AS TIMESTAMP)
                      ) ASC NULLS LAST
                      RANGE BETWEEN 31535999999999 PRECEDING AND CURRENT ROW
                    ) AS `r`
                  FROM (
                    SELECT
                      `t57`.`post`,
                      `t57`.`responder`,
                      `t57`.`first`
                    FROM `t56` AS `t57`
                    WHERE
                      `t57`.`responder` IS NOT NULL
                  ) AS `t59`
                ) AS `t62`
                GROUP BY
                  1
              ) AS `t63`
            ) AS `t64`
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                `t60`.`post`,
                0.0 AS `log_miss`,
                0 AS `responders`,
                0.0 AS `breadth`,
                `t60`.`n` AS `anonymous`
              FROM (
                SELECT
                  `t58`.`post`,
                  SUM(`t58`.`n`) AS `n`
                FROM (
                  SELECT
                    *
                  FROM `t56` AS `t57`
                  WHERE
                    `t57`.`responder` IS NULL
                ) AS `t58`
                GROUP BY
                  1
              ) AS `t60`
            ) AS `t61`
          ) AS `t65`
          GROUP BY
            1
        ) AS `t66`
      ) AS `t68`
        ON `t44`.`post` = `t68`.`d_post`
    ) AS `t69`
    GROUP BY
      1
  ) AS `t70`
  WHERE
    `t70`.`posts` > 0
), `t79` AS (
  SELECT
    `t78`.`person_id`,
    `t78`.`score`,
    `t78`.`value`,
    `t78`.`low`,
    `t78`.`high`,
    `t78`.`components`,
    CAST(ROUND(`t78`.`value`, 9) AS DOUBLE) AS `_key`
  FROM (
    SELECT
      `t77`.`author_pid` AS `person_id`,
      'resonance' AS `score`,
      (
        `t77`.`alpha` + `t77`.`successes`
      ) / (
        `t77`.`alpha` + `t77`.`successes` + (
          (
            `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
          ) - `t77`.`successes`
        )
      ) AS `value`,
      GREATEST(
        (
          (
            `t77`.`alpha` + `t77`.`successes`
          ) / (
            `t77`.`alpha` + `t77`.`successes` + (
              (
                `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
              ) - `t77`.`successes`
            )
          )
        ) - (
          SQRT(
            (
              (
                `t77`.`alpha` + `t77`.`successes`
              ) * (
                (
                  `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                ) - `t77`.`successes`
              )
            ) / (
              (
                `t77`.`alpha` + `t77`.`successes` + (
                  (
                    `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                  ) - `t77`.`successes`
                )
              ) * (
                `t77`.`alpha` + `t77`.`successes` + (
                  (
                    `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                  ) - `t77`.`successes`
                )
              ) * (
                `t77`.`alpha` + `t77`.`successes` + (
                  (
                    `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                  ) - `t77`.`successes`
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
            `t77`.`alpha` + `t77`.`successes`
          ) / (
            `t77`.`alpha` + `t77`.`successes` + (
              (
                `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
              ) - `t77`.`successes`
            )
          )
        ) + (
          SQRT(
            (
              (
                `t77`.`alpha` + `t77`.`successes`
              ) * (
                (
                  `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                ) - `t77`.`successes`
              )
            ) / (
              (
                `t77`.`alpha` + `t77`.`successes` + (
                  (
                    `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                  ) - `t77`.`successes`
                )
              ) * (
                `t77`.`alpha` + `t77`.`successes` + (
                  (
                    `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                  ) - `t77`.`successes`
                )
              ) * (
                `t77`.`alpha` + `t77`.`successes` + (
                  (
                    `t77`.`beta` + CAST(`t77`.`posts` AS DOUBLE)
                  ) - `t77`.`successes`
                ) + 1.0
              )
            )
          ) * 1.6448536269514715
        ),
        1.0
      ) AS `high`,
      STRUCT(
        `t77`.`posts` AS `posts`,
        `t77`.`virtual_posts` AS `virtual_posts`,
        `t77`.`successes` AS `successes`,
        `t77`.`successes` / CAST(`t77`.`posts` AS DOUBLE) AS `raw_rate`,
        `t77`.`responders` AS `responders`,
        `t77`.`anonymous` AS `anonymous`,
        `t77`.`alpha` AS `alpha`,
        `t77`.`beta` AS `beta`
      ) AS `components`
    FROM (
      SELECT
        `t73`.`author_pid`,
        `t73`.`posts`,
        `t73`.`virtual_posts`,
        `t73`.`successes`,
        `t73`.`squares`,
        `t73`.`responders`,
        `t73`.`anonymous`,
        `t76`.`alpha`,
        `t76`.`beta`
      FROM `t71` AS `t73`
      CROSS JOIN (
        SELECT
          GREATEST(LEAST(`t74`.`k` / NULLIF(`t74`.`n_posts`, 0.0), 0.999999), 1e-06) * COALESCE(
            GREATEST(
              LEAST(
                IF(
                  (
                    `t74`.`n_persons` >= 2
                  )
                  AND (
                    (
                      (
                        `t74`.`w` - `t74`.`q`
                      ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                    ) IS NOT NULL
                    AND NOT ISNAN((
                      `t74`.`w` - `t74`.`q`
                    ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0))
                  )
                  AND (
                    (
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
                      ), 0.0)
                    ) IS NOT NULL
                    AND NOT ISNAN(
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
                      ), 0.0)
                    )
                  ),
                  IF(
                    (
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
                      ), 0.0)
                    ) > 0,
                    (
                      (
                        `t74`.`w` - `t74`.`q`
                      ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                    ) / NULLIF(
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
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
            1.0 - GREATEST(LEAST(`t74`.`k` / NULLIF(`t74`.`n_posts`, 0.0), 0.999999), 1e-06)
          ) * COALESCE(
            GREATEST(
              LEAST(
                IF(
                  (
                    `t74`.`n_persons` >= 2
                  )
                  AND (
                    (
                      (
                        `t74`.`w` - `t74`.`q`
                      ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                    ) IS NOT NULL
                    AND NOT ISNAN((
                      `t74`.`w` - `t74`.`q`
                    ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0))
                  )
                  AND (
                    (
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
                      ), 0.0)
                    ) IS NOT NULL
                    AND NOT ISNAN(
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
                      ), 0.0)
                    )
                  ),
                  IF(
                    (
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
                      ), 0.0)
                    ) > 0,
                    (
                      (
                        `t74`.`w` - `t74`.`q`
                      ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                    ) / NULLIF(
                      (
                        (
                          `t74`.`q` - (
                            (
                              `t74`.`k` * `t74`.`k`
                            ) / NULLIF(`t74`.`n_posts`, 0.0)
                          )
                        ) - (
                          (
                            `t74`.`n_persons` - 1.0
                          ) * (
                            (
                              `t74`.`w` - `t74`.`q`
                            ) / NULLIF(`t74`.`n_posts` - `t74`.`n_persons`, 0.0)
                          )
                        )
                      ) / NULLIF(`t74`.`n_posts` - (
                        `t74`.`n2` / NULLIF(`t74`.`n_posts`, 0.0)
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
            CAST(SUM(`t72`.`posts`) AS DOUBLE) AS `n_posts`,
            CAST(SUM(`t72`.`posts` * `t72`.`posts`) AS DOUBLE) AS `n2`,
            SUM(`t72`.`successes`) AS `k`,
            SUM((
              `t72`.`successes` * `t72`.`successes`
            ) / CAST(`t72`.`posts` AS DOUBLE)) AS `q`,
            SUM(`t72`.`squares`) AS `w`
          FROM `t71` AS `t72`
        ) AS `t74`
      ) AS `t76`
    ) AS `t77`
  ) AS `t78`
)
SELECT
  `t86`.`person_id`,
  `t86`.`score`,
  `t86`.`value`,
  `t86`.`low`,
  `t86`.`high`,
  `t86`.`components`,
  `t86`.`percentile`
FROM (
  SELECT
    `t81`.`person_id`,
    `t81`.`score`,
    `t81`.`value`,
    `t81`.`low`,
    `t81`.`high`,
    `t81`.`components`,
    `t81`.`_key`,
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST(`t85`.`_below` AS DOUBLE) + (
                CAST(`t85`.`_equal` AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST(`t85`.`_n` AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS `percentile`
  FROM `t79` AS `t81`
  INNER JOIN (
    SELECT
      `t83`.`score` AS `_k_score`,
      `t83`.`_key`,
      `t83`.`_equal`,
      `t83`.`_below`,
      `t83`.`_n`
    FROM (
      SELECT
        `t82`.`score`,
        `t82`.`_key`,
        `t82`.`_equal`,
        SUM(`t82`.`_equal`) OVER (
          PARTITION BY `t82`.`score`
          ORDER BY `t82`.`_key` ASC NULLS LAST
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - `t82`.`_equal` AS `_below`,
        SUM(`t82`.`_equal`) OVER (
          PARTITION BY `t82`.`score`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `_n`
      FROM (
        SELECT
          `t80`.`score`,
          `t80`.`_key`,
          COUNT(*) AS `_equal`
        FROM `t79` AS `t80`
        GROUP BY
          1,
          2
      ) AS `t82`
    ) AS `t83`
  ) AS `t85`
    ON `t81`.`score` = `t85`.`_k_score` AND `t81`.`_key` = `t85`.`_key`
) AS `t86`

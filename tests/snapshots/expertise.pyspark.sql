WITH `t4` AS (
  SELECT
    `t1`.`identity_id` AS `_actor_pid_identity`,
    `t1`.`person_id` AS `actor_pid`
  FROM `identities` AS `t1`
), `t57` AS (
  SELECT
    `t42`.`content_id`,
    `t42`.`author_pid`,
    `t42`.`created_at`,
    COALESCE(`t56`.`g_r`, 0.0) AS `r`
  FROM (
    SELECT
      `t31`.`content_id`,
      IF(`t31`.`wrapped` IS NULL, `t31`.`author_pid`, CAST(NULL AS STRING)) AS `author_pid`,
      `t31`.`created_at`
    FROM (
      SELECT
        `t30`.`content_id`,
        `t30`.`network`,
        `t30`.`source_id`,
        `t30`.`community`,
        `t30`.`kind`,
        `t30`.`author`,
        `t30`.`created_at`,
        `t30`.`parent_id`,
        `t30`.`root_id`,
        `t30`.`title`,
        `t30`.`text`,
        `t30`.`tags`,
        `t30`.`url`,
        `t30`.`views`,
        `t30`.`w_actor`,
        `t30`.`w_ts`,
        `t30`.`wrapped`,
        `t30`.`author_pid`
      FROM (
        SELECT
          `t16`.`content_id`,
          `t16`.`network`,
          `t16`.`source_id`,
          `t16`.`community`,
          `t16`.`kind`,
          `t16`.`author`,
          `t16`.`created_at`,
          `t16`.`parent_id`,
          `t16`.`root_id`,
          `t16`.`title`,
          `t16`.`text`,
          `t16`.`tags`,
          `t16`.`url`,
          `t16`.`views`,
          `t25`.`w_actor`,
          `t25`.`w_ts`,
          `t25`.`wrapped`,
          `t10`.`_author_pid_identity`,
          `t10`.`author_pid`
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
        ) AS `t16`
        LEFT OUTER JOIN (
          SELECT
            `t13`.`w_actor`,
            `t13`.`w_ts`,
            TRUE AS `wrapped`
          FROM (
            SELECT DISTINCT
              `t2`.`actor` AS `w_actor`,
              `t2`.`ts` AS `w_ts`
            FROM `events` AS `t2`
            WHERE
              `t2`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
              AND `t2`.`kind` = 'reshare'
              AND `t2`.`actor` IS NOT NULL
          ) AS `t13`
        ) AS `t25`
          ON `t16`.`author` = `t25`.`w_actor` AND `t16`.`created_at` = `t25`.`w_ts`
        LEFT OUTER JOIN (
          SELECT
            `t1`.`identity_id` AS `_author_pid_identity`,
            `t1`.`person_id` AS `author_pid`
          FROM `identities` AS `t1`
        ) AS `t10`
          ON `t16`.`author` = `t10`.`_author_pid_identity`
      ) AS `t30`
    ) AS `t31`
  ) AS `t42`
  LEFT OUTER JOIN (
    SELECT
      `t54`.`target_content` AS `g_content`,
      `t54`.`a_pid` AS `g_pid`,
      `t54`.`k_created` AS `g_created`,
      SUM(`t54`.`w`) AS `g_r`
    FROM (
      SELECT
        `t53`.`target_content`,
        `t53`.`actor`,
        `t53`.`w`,
        `t53`.`k_id`,
        `t53`.`k_author`,
        `t53`.`k_created`,
        `t53`.`k_cand`,
        `t53`.`a_pid`,
        `t53`.`actor_pid`,
        COALESCE(`t53`.`actor_pid`, `t53`.`actor`) AS `responder`
      FROM (
        SELECT
          `t52`.`target_content`,
          `t52`.`actor`,
          `t52`.`w`,
          `t52`.`k_id`,
          `t52`.`k_author`,
          `t52`.`k_created`,
          `t52`.`k_cand`,
          `t52`.`a_pid`,
          `t52`.`actor_pid`
        FROM (
          SELECT
            `t51`.`target_content`,
            `t51`.`actor`,
            `t51`.`w`,
            `t51`.`k_id`,
            `t51`.`k_author`,
            `t51`.`k_created`,
            `t51`.`k_cand`,
            `t51`.`a_pid`,
            `t18`.`_actor_pid_identity`,
            `t18`.`actor_pid`
          FROM (
            SELECT
              `t45`.`target_content`,
              `t45`.`actor`,
              `t45`.`w`,
              `t45`.`k_id`,
              `t45`.`k_author`,
              `t45`.`k_created`,
              `t45`.`k_cand`,
              `t45`.`a_pid`
            FROM (
              SELECT
                `t40`.`target_content`,
                `t40`.`actor`,
                `t40`.`w`,
                `t40`.`k_id`,
                `t40`.`k_author`,
                `t40`.`k_created`,
                `t40`.`k_cand`,
                `t12`.`_a_pid_identity`,
                `t12`.`a_pid`
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t27`.`target_content`,
                    `t27`.`actor`,
                    `t27`.`w`,
                    `t22`.`k_id`,
                    `t22`.`k_author`,
                    `t22`.`k_created`,
                    `t22`.`k_cand`
                  FROM (
                    SELECT
                      `t20`.`target_content`,
                      `t20`.`actor`,
                      SUM(`t20`.`w`) AS `w`
                    FROM (
                      SELECT
                        `t2`.`event_id`,
                        `t2`.`network`,
                        `t2`.`source_id`,
                        `t2`.`community`,
                        `t2`.`kind`,
                        `t2`.`subkind`,
                        `t2`.`actor`,
                        `t2`.`target_person`,
                        `t2`.`target_content`,
                        `t2`.`ts`,
                        `t2`.`value`,
                        CASE
                          WHEN `t2`.`kind` = 'accept'
                          THEN 3.0
                          WHEN `t2`.`kind` = 'comment'
                          THEN 0.5
                          WHEN `t2`.`kind` = 'quote'
                          THEN 1.0
                          WHEN `t2`.`kind` = 'reaction'
                          THEN 1.0
                          WHEN `t2`.`kind` = 'reply'
                          THEN 0.5
                          WHEN `t2`.`kind` = 'reshare'
                          THEN 1.0
                          ELSE 0.0
                        END AS `w`
                      FROM `events` AS `t2`
                      WHERE
                        `t2`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                        AND `t2`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                        AND `t2`.`target_content` IS NOT NULL
                        AND (
                          (
                            `t2`.`kind` <> 'reaction'
                          ) OR (
                            `t2`.`value` > 0
                          )
                        )
                    ) AS `t20`
                    GROUP BY
                      1,
                      2
                  ) AS `t27`
                  INNER JOIN (
                    SELECT
                      `t0`.`content_id` AS `k_id`,
                      `t0`.`author` AS `k_author`,
                      `t0`.`created_at` AS `k_created`,
                      `t0`.`kind` IN (
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
                      AND (
                        `t0`.`author` IS NOT NULL
                      ) AS `k_cand`
                    FROM `contents` AS `t0`
                    WHERE
                      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                  ) AS `t22`
                    ON `t27`.`target_content` = `t22`.`k_id`
                ) AS `t32`
                WHERE
                  `t32`.`k_cand`
              ) AS `t40`
              LEFT OUTER JOIN (
                SELECT
                  `t1`.`identity_id` AS `_a_pid_identity`,
                  `t1`.`person_id` AS `a_pid`
                FROM `identities` AS `t1`
              ) AS `t12`
                ON `t40`.`k_author` = `t12`.`_a_pid_identity`
            ) AS `t45`
          ) AS `t51`
          LEFT OUTER JOIN `t4` AS `t18`
            ON `t51`.`actor` = `t18`.`_actor_pid_identity`
        ) AS `t52`
      ) AS `t53`
      WHERE
        (
          COALESCE(`t53`.`actor_pid`, `t53`.`actor`) IS NULL
        )
        OR (
          COALESCE(`t53`.`actor_pid`, `t53`.`actor`) <> `t53`.`a_pid`
        )
    ) AS `t54`
    GROUP BY
      1,
      2,
      3
  ) AS `t56`
    ON `t42`.`content_id` = `t56`.`g_content`
), `t69` AS (
  SELECT
    `t67`.`author_pid`,
    `t67`.`topic`,
    COUNT(*) AS `n`,
    SUM(`t67`.`m`) AS `n_w`,
    SUM(`t67`.`m` * `t67`.`r`) AS `recognition`,
    SUM(`t67`.`m` * `t67`.`r` * `t67`.`r`) AS `q`
  FROM (
    SELECT
      `t61`.`content_id`,
      `t61`.`author_pid`,
      `t61`.`r` + COALESCE(`t66`.`pw`, 0.0) AS `r`,
      CAST(1.0 AS DOUBLE) AS `m`,
      `t50`.`topic`
    FROM (
      SELECT
        *
      FROM `t57` AS `t58`
      WHERE
        `t58`.`author_pid` IS NOT NULL
    ) AS `t61`
    LEFT OUTER JOIN (
      SELECT
        `t64`.`p_id` AS `g_content`,
        SUM(`t64`.`w`) AS `pw`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t49`.`target_content`,
            `t49`.`responder`,
            `t49`.`w`,
            `t62`.`p_id`,
            `t62`.`p_author`
          FROM (
            SELECT
              `t43`.`target_content`,
              `t43`.`responder`,
              SUM(`t43`.`w`) AS `w`
            FROM (
              SELECT
                `t34`.`target_content`,
                `t34`.`actor`,
                `t34`.`w`,
                `t34`.`actor_pid`,
                COALESCE(`t34`.`actor_pid`, `t34`.`actor`, '') AS `responder`
              FROM (
                SELECT
                  `t33`.`target_content`,
                  `t33`.`actor`,
                  `t33`.`w`,
                  `t33`.`actor_pid`
                FROM (
                  SELECT
                    `t27`.`target_content`,
                    `t27`.`actor`,
                    `t27`.`w`,
                    `t19`.`_actor_pid_identity`,
                    `t19`.`actor_pid`
                  FROM (
                    SELECT
                      `t20`.`target_content`,
                      `t20`.`actor`,
                      SUM(`t20`.`w`) AS `w`
                    FROM (
                      SELECT
                        `t2`.`event_id`,
                        `t2`.`network`,
                        `t2`.`source_id`,
                        `t2`.`community`,
                        `t2`.`kind`,
                        `t2`.`subkind`,
                        `t2`.`actor`,
                        `t2`.`target_person`,
                        `t2`.`target_content`,
                        `t2`.`ts`,
                        `t2`.`value`,
                        CASE
                          WHEN `t2`.`kind` = 'accept'
                          THEN 3.0
                          WHEN `t2`.`kind` = 'comment'
                          THEN 0.5
                          WHEN `t2`.`kind` = 'quote'
                          THEN 1.0
                          WHEN `t2`.`kind` = 'reaction'
                          THEN 1.0
                          WHEN `t2`.`kind` = 'reply'
                          THEN 0.5
                          WHEN `t2`.`kind` = 'reshare'
                          THEN 1.0
                          ELSE 0.0
                        END AS `w`
                      FROM `events` AS `t2`
                      WHERE
                        `t2`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                        AND `t2`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                        AND `t2`.`target_content` IS NOT NULL
                        AND (
                          (
                            `t2`.`kind` <> 'reaction'
                          ) OR (
                            `t2`.`value` > 0
                          )
                        )
                    ) AS `t20`
                    GROUP BY
                      1,
                      2
                  ) AS `t27`
                  LEFT ANTI JOIN (
                    SELECT
                      `t0`.`content_id` AS `k_id`,
                      `t0`.`author` AS `k_author`,
                      `t0`.`created_at` AS `k_created`,
                      `t0`.`kind` IN (
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
                      AND (
                        `t0`.`author` IS NOT NULL
                      ) AS `k_cand`
                    FROM `contents` AS `t0`
                    WHERE
                      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                  ) AS `t22`
                    ON `t27`.`target_content` = `t22`.`k_id`
                  LEFT OUTER JOIN `t4` AS `t19`
                    ON `t27`.`actor` = `t19`.`_actor_pid_identity`
                ) AS `t33`
              ) AS `t34`
            ) AS `t43`
            GROUP BY
              1,
              2
          ) AS `t49`
          INNER JOIN (
            SELECT
              `t58`.`content_id` AS `p_id`,
              `t58`.`author_pid` AS `p_author`
            FROM `t57` AS `t58`
            WHERE
              `t58`.`author_pid` IS NOT NULL
          ) AS `t62`
            ON `t49`.`target_content` = `t62`.`p_id`
        ) AS `t63`
        WHERE
          `t63`.`responder` <> `t63`.`p_author`
      ) AS `t64`
      GROUP BY
        1
    ) AS `t66`
      ON `t61`.`content_id` = `t66`.`g_content`
    INNER JOIN (
      SELECT
        *
      FROM (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t15`.`content_id` AS `t_content`,
                `t29`.`topic`
              FROM (
                SELECT
                  CAST(`t0`.`content_id` AS STRING) AS `content_id`,
                  `t0`.`root_id` AS `root`,
                  `t0`.`community`
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
              INNER JOIN (
                SELECT
                  `t24`.`o_content`,
                  LOWER(`t24`.`topic`) AS `topic`
                FROM (
                  SELECT
                    `t9`.`content_id` AS `o_content`,
                    EXPLODE(`t9`.`tags`) AS `topic`
                  FROM (
                    SELECT
                      *
                    FROM `contents` AS `t0`
                    WHERE
                      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                      AND `t0`.`tags` IS NOT NULL
                  ) AS `t9`
                ) AS `t24`
                WHERE
                  `t24`.`topic` IS NOT NULL AND `t24`.`topic` <> ''
              ) AS `t29`
                ON `t15`.`content_id` = `t29`.`o_content`
            ) AS `t35`
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                `t21`.`content_id` AS `t_content`,
                `t29`.`topic`
              FROM (
                SELECT
                  CAST(`t0`.`content_id` AS STRING) AS `content_id`,
                  `t0`.`root_id` AS `root`,
                  `t0`.`community`
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
                  AND `t0`.`root_id` IS NOT NULL
                  AND `t0`.`root_id` <> CAST(`t0`.`content_id` AS STRING)
              ) AS `t21`
              INNER JOIN (
                SELECT
                  `t24`.`o_content`,
                  LOWER(`t24`.`topic`) AS `topic`
                FROM (
                  SELECT
                    `t9`.`content_id` AS `o_content`,
                    EXPLODE(`t9`.`tags`) AS `topic`
                  FROM (
                    SELECT
                      *
                    FROM `contents` AS `t0`
                    WHERE
                      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                      AND `t0`.`tags` IS NOT NULL
                  ) AS `t9`
                ) AS `t24`
                WHERE
                  `t24`.`topic` IS NOT NULL AND `t24`.`topic` <> ''
              ) AS `t29`
                ON `t21`.`root` = `t29`.`o_content`
            ) AS `t36`
          ) AS `t38`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              CAST(`t0`.`content_id` AS STRING) AS `t_content`,
              CONCAT('community:', `t0`.`community`) AS `topic`
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
              AND `t0`.`community` IS NOT NULL
          ) AS `t6`
        ) AS `t41`
      ) AS `t44`
    ) AS `t50`
      ON `t61`.`content_id` = `t50`.`t_content`
  ) AS `t67`
  GROUP BY
    1,
    2
), `t80` AS (
  SELECT
    `t79`.`person_id`,
    `t79`.`topic`,
    `t79`.`value`,
    `t79`.`low`,
    `t79`.`high`,
    `t79`.`n`,
    `t79`.`n_w`,
    `t79`.`recognition`,
    `t79`.`topic_mean`,
    ROW_NUMBER() OVER (
      PARTITION BY `t79`.`person_id`
      ORDER BY CAST(ROUND(`t79`.`value`, 9) AS DOUBLE) DESC, `t79`.`topic` ASC NULLS LAST
    ) - 1 AS `_rk`,
    COUNT(`t79`.`topic`) OVER (
      PARTITION BY `t79`.`person_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_topics`
  FROM (
    SELECT
      `t72`.`author_pid` AS `person_id`,
      `t72`.`topic`,
      (
        (
          `t72`.`recognition` + (
            `t78`.`mu_t` * 5.0
          )
        ) / (
          `t72`.`n_w` + 5.0
        )
      ) * LN(`t72`.`n_w` + 1.0) AS `value`,
      GREATEST(
        (
          (
            `t72`.`recognition` + (
              `t78`.`mu_t` * 5.0
            )
          ) / (
            `t72`.`n_w` + 5.0
          )
        ) - (
          SQRT(`t78`.`var_t` / (
            `t72`.`n_w` + 5.0
          )) * 1.6448536269514715
        ),
        0.0
      ) * LN(`t72`.`n_w` + 1.0) AS `low`,
      (
        (
          (
            `t72`.`recognition` + (
              `t78`.`mu_t` * 5.0
            )
          ) / (
            `t72`.`n_w` + 5.0
          )
        ) + (
          SQRT(`t78`.`var_t` / (
            `t72`.`n_w` + 5.0
          )) * 1.6448536269514715
        )
      ) * LN(`t72`.`n_w` + 1.0) AS `high`,
      `t72`.`n`,
      `t72`.`n_w`,
      `t72`.`recognition`,
      `t78`.`mu_t` AS `topic_mean`
    FROM `t69` AS `t72`
    INNER JOIN (
      SELECT
        `t74`.`t_topic`,
        (
          `t74`.`st` + (
            `t76`.`mu0` * 5.0
          )
        ) / (
          `t74`.`nt` + 5.0
        ) AS `mu_t`,
        (
          GREATEST(
            `t74`.`qt` - (
              (
                `t74`.`st` * `t74`.`st`
              ) / NULLIF(`t74`.`nt`, 0.0)
            ),
            0.0
          ) + (
            `t76`.`var0` * 5.0
          )
        ) / (
          `t74`.`nt` + 5.0
        ) AS `var_t`
      FROM (
        SELECT
          `t71`.`topic` AS `t_topic`,
          SUM(`t71`.`n_w`) AS `nt`,
          SUM(`t71`.`recognition`) AS `st`,
          SUM(`t71`.`q`) AS `qt`
        FROM `t69` AS `t71`
        GROUP BY
          1
      ) AS `t74`
      CROSS JOIN (
        SELECT
          `t70`.`s0` / NULLIF(`t70`.`n0`, 0.0) AS `mu0`,
          GREATEST(
            (
              `t70`.`q0` / NULLIF(`t70`.`n0`, 0.0)
            ) - (
              (
                `t70`.`s0` / NULLIF(`t70`.`n0`, 0.0)
              ) * (
                `t70`.`s0` / NULLIF(`t70`.`n0`, 0.0)
              )
            ),
            0.0
          ) AS `var0`
        FROM (
          SELECT
            SUM(`t68`.`m`) AS `n0`,
            SUM(`t68`.`m` * `t68`.`r`) AS `s0`,
            SUM(`t68`.`m` * `t68`.`r` * `t68`.`r`) AS `q0`
          FROM (
            SELECT
              `t61`.`content_id`,
              `t61`.`author_pid`,
              `t61`.`r` + COALESCE(`t66`.`pw`, 0.0) AS `r`,
              CAST(1.0 AS DOUBLE) AS `m`
            FROM (
              SELECT
                *
              FROM `t57` AS `t58`
              WHERE
                `t58`.`author_pid` IS NOT NULL
            ) AS `t61`
            LEFT OUTER JOIN (
              SELECT
                `t64`.`p_id` AS `g_content`,
                SUM(`t64`.`w`) AS `pw`
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t49`.`target_content`,
                    `t49`.`responder`,
                    `t49`.`w`,
                    `t62`.`p_id`,
                    `t62`.`p_author`
                  FROM (
                    SELECT
                      `t43`.`target_content`,
                      `t43`.`responder`,
                      SUM(`t43`.`w`) AS `w`
                    FROM (
                      SELECT
                        `t34`.`target_content`,
                        `t34`.`actor`,
                        `t34`.`w`,
                        `t34`.`actor_pid`,
                        COALESCE(`t34`.`actor_pid`, `t34`.`actor`, '') AS `responder`
                      FROM (
                        SELECT
                          `t33`.`target_content`,
                          `t33`.`actor`,
                          `t33`.`w`,
                          `t33`.`actor_pid`
                        FROM (
                          SELECT
                            `t27`.`target_content`,
                            `t27`.`actor`,
                            `t27`.`w`,
                            `t19`.`_actor_pid_identity`,
                            `t19`.`actor_pid`
                          FROM (
                            SELECT
                              `t20`.`target_content`,
                              `t20`.`actor`,
                              SUM(`t20`.`w`) AS `w`
                            FROM (
                              SELECT
                                `t2`.`event_id`,
                                `t2`.`network`,
                                `t2`.`source_id`,
                                `t2`.`community`,
                                `t2`.`kind`,
                                `t2`.`subkind`,
                                `t2`.`actor`,
                                `t2`.`target_person`,
                                `t2`.`target_content`,
                                `t2`.`ts`,
                                `t2`.`value`,
                                CASE
                                  WHEN `t2`.`kind` = 'accept'
                                  THEN 3.0
                                  WHEN `t2`.`kind` = 'comment'
                                  THEN 0.5
                                  WHEN `t2`.`kind` = 'quote'
                                  THEN 1.0
                                  WHEN `t2`.`kind` = 'reaction'
                                  THEN 1.0
                                  WHEN `t2`.`kind` = 'reply'
                                  THEN 0.5
                                  WHEN `t2`.`kind` = 'reshare'
                                  THEN 1.0
                                  ELSE 0.0
                                END AS `w`
                              FROM `events` AS `t2`
                              WHERE
                                `t2`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                                AND `t2`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                                AND `t2`.`target_content` IS NOT NULL
                                AND (
                                  (
                                    `t2`.`kind` <> 'reaction'
                                  ) OR (
                                    `t2`.`value` > 0
                                  )
                                )
                            ) AS `t20`
                            GROUP BY
                              1,
                              2
                          ) AS `t27`
                          LEFT ANTI JOIN (
                            SELECT
                              `t0`.`content_id` AS `k_id`,
                              `t0`.`author` AS `k_author`,
                              `t0`.`created_at` AS `k_created`,
                              `t0`.`kind` IN (
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
                              AND (
                                `t0`.`author` IS NOT NULL
                              ) AS `k_cand`
                            FROM `contents` AS `t0`
                            WHERE
                              `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                          ) AS `t22`
                            ON `t27`.`target_content` = `t22`.`k_id`
                          LEFT OUTER JOIN `t4` AS `t19`
                            ON `t27`.`actor` = `t19`.`_actor_pid_identity`
                        ) AS `t33`
                      ) AS `t34`
                    ) AS `t43`
                    GROUP BY
                      1,
                      2
                  ) AS `t49`
                  INNER JOIN (
                    SELECT
                      `t58`.`content_id` AS `p_id`,
                      `t58`.`author_pid` AS `p_author`
                    FROM `t57` AS `t58`
                    WHERE
                      `t58`.`author_pid` IS NOT NULL
                  ) AS `t62`
                    ON `t49`.`target_content` = `t62`.`p_id`
                ) AS `t63`
                WHERE
                  `t63`.`responder` <> `t63`.`p_author`
              ) AS `t64`
              GROUP BY
                1
            ) AS `t66`
              ON `t61`.`content_id` = `t66`.`g_content`
          ) AS `t68`
        ) AS `t70`
      ) AS `t76`
    ) AS `t78`
      ON `t72`.`topic` = `t78`.`t_topic`
  ) AS `t79`
)
SELECT
  `t88`.`person_id`,
  `t88`.`score`,
  `t88`.`value`,
  `t88`.`low`,
  `t88`.`high`,
  `t88`.`components`,
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST(`t88`.`_below` AS DOUBLE) + (
              CAST(`t88`.`_equal` AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / `t88`.`_n`
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS `percentile`
FROM (
  SELECT
    `t87`.`person_id`,
    `t87`.`score`,
    `t87`.`value`,
    `t87`.`low`,
    `t87`.`high`,
    `t87`.`components`,
    `t87`.`_key`,
    RANK() OVER (PARTITION BY `t87`.`score` ORDER BY `t87`.`_key` ASC NULLS LAST) - 1 AS `_below`,
    COUNT(`t87`.`person_id`) OVER (
      PARTITION BY `t87`.`score`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_n`,
    COUNT(`t87`.`person_id`) OVER (
      PARTITION BY `t87`.`score`, `t87`.`_key`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_equal`
  FROM (
    SELECT
      `t86`.`person_id`,
      `t86`.`score`,
      `t86`.`value`,
      `t86`.`low`,
      `t86`.`high`,
      `t86`.`components`,
      CAST(ROUND(`t86`.`value`, 9) AS DOUBLE) AS `_key`
    FROM (
      SELECT
        `t83`.`person_id`,
        'expertise' AS `score`,
        `t83`.`value`,
        `t83`.`low`,
        `t83`.`high`,
        STRUCT(
          `t83`.`topic` AS `topic`,
          `t83`.`n` AS `topic_n`,
          `t83`.`n_w` AS `topic_n_w`,
          `t83`.`recognition` AS `topic_recognition`,
          `t83`.`topic_mean` AS `topic_mean`,
          `t85`.`topic_2` AS `topic_2`,
          `t85`.`topic_3` AS `topic_3`,
          `t83`.`_topics` AS `topics`
        ) AS `components`
      FROM (
        SELECT
          *
        FROM `t80` AS `t81`
        WHERE
          `t81`.`_rk` = 0
      ) AS `t83`
      INNER JOIN (
        SELECT
          `t81`.`person_id` AS `b_person`,
          MAX(IF(`t81`.`_rk` = 1, `t81`.`topic`, NULL)) AS `topic_2`,
          MAX(IF(`t81`.`_rk` = 2, `t81`.`topic`, NULL)) AS `topic_3`
        FROM `t80` AS `t81`
        GROUP BY
          1
      ) AS `t85`
        ON `t83`.`person_id` = `t85`.`b_person`
    ) AS `t86`
  ) AS `t87`
) AS `t88`

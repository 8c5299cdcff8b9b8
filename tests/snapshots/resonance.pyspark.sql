WITH `t3` AS (
  SELECT
    `t2`.`identity_id` AS `_author_pid_identity`,
    `t2`.`person_id` AS `author_pid`
  FROM `identities` AS `t2`
), `t20` AS (
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
      AND `t1`.`ts` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t13`
  LEFT ANTI JOIN (
    SELECT DISTINCT
      `t0`.`network` AS `c_network`
    FROM `contents` AS `t0`
    WHERE
      `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
  ) AS `t11`
    ON `t13`.`network` = `t11`.`c_network`
), `t48` AS (
  SELECT
    `t47`.`opp`,
    `t47`.`day`,
    `t47`.`author_pid`,
    `t47`.`responder`,
    SUM(`t47`.`n`) AS `n`
  FROM (
    SELECT
      `t46`.`opp`,
      `t46`.`day`,
      `t46`.`author_pid`,
      `t46`.`actor`,
      `t46`.`n`,
      `t46`.`actor_pid`,
      COALESCE(`t46`.`actor_pid`, `t46`.`actor`) AS `responder`
    FROM (
      SELECT
        `t44`.`opp`,
        `t44`.`day`,
        `t44`.`author_pid`,
        `t44`.`actor`,
        `t44`.`n`,
        `t44`.`actor_pid`
      FROM (
        SELECT
          `t41`.`opp`,
          `t41`.`day`,
          `t41`.`author_pid`,
          `t41`.`actor`,
          `t41`.`n`,
          `t10`.`_actor_pid_identity`,
          `t10`.`actor_pid`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t29`.`opp`,
              `t29`.`day`,
              `t29`.`author_pid`,
              `t19`.`actor`,
              `t19`.`n`
            FROM (
              SELECT
                `t15`.`target_content`,
                `t15`.`actor`,
                COUNT(*) AS `n`
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
              ) AS `t15`
              GROUP BY
                1,
                2
            ) AS `t19`
            INNER JOIN (
              SELECT
                `t23`.`content_id` AS `opp`,
                MAKE_DATE(1970, 1, 1) AS `day`,
                `t23`.`author_pid`,
                `t23`.`created_at` AS `posted_at`
              FROM (
                SELECT
                  `t21`.`content_id`,
                  `t21`.`author`,
                  `t21`.`created_at`,
                  `t21`.`author_pid`
                FROM (
                  SELECT
                    `t12`.`content_id`,
                    `t12`.`author`,
                    `t12`.`created_at`,
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
                      AND `t0`.`created_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP)
                  ) AS `t12`
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
                  ) AS `t14`
                    ON `t12`.`author` = `t14`.`w_actor` AND `t12`.`created_at` = `t14`.`w_ts`
                  LEFT OUTER JOIN `t3` AS `t16`
                    ON `t12`.`author` = `t16`.`_author_pid_identity`
                ) AS `t21`
              ) AS `t23`
              WHERE
                `t23`.`author_pid` IS NOT NULL
            ) AS `t29`
              ON `t19`.`target_content` = `t29`.`opp`
          ) AS `t33`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t36`.`author_pid` AS `opp`,
              `t36`.`day`,
              `t36`.`author_pid`,
              `t36`.`actor`,
              `t36`.`n`
            FROM (
              SELECT
                `t35`.`target_person`,
                `t35`.`actor`,
                `t35`.`day`,
                `t35`.`n`,
                `t35`.`author_pid`
              FROM (
                SELECT
                  `t31`.`target_person`,
                  `t31`.`actor`,
                  `t31`.`day`,
                  `t31`.`n`,
                  `t17`.`_author_pid_identity`,
                  `t17`.`author_pid`
                FROM (
                  SELECT
                    `t28`.`target_person`,
                    `t28`.`actor`,
                    `t28`.`day`,
                    COUNT(*) AS `n`
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
                    FROM `t20` AS `t22`
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
                  ) AS `t28`
                  GROUP BY
                    1,
                    2,
                    3
                ) AS `t31`
                LEFT OUTER JOIN `t3` AS `t17`
                  ON `t31`.`target_person` = `t17`.`_author_pid_identity`
              ) AS `t35`
            ) AS `t36`
            WHERE
              `t36`.`author_pid` IS NOT NULL
          ) AS `t38`
        ) AS `t41`
        LEFT OUTER JOIN (
          SELECT
            `t2`.`identity_id` AS `_actor_pid_identity`,
            `t2`.`person_id` AS `actor_pid`
          FROM `identities` AS `t2`
        ) AS `t10`
          ON `t41`.`actor` = `t10`.`_actor_pid_identity`
      ) AS `t44`
    ) AS `t46`
    WHERE
      (
        COALESCE(`t46`.`actor_pid`, `t46`.`actor`) IS NULL
      )
      OR (
        COALESCE(`t46`.`actor_pid`, `t46`.`actor`) <> `t46`.`author_pid`
      )
  ) AS `t47`
  GROUP BY
    1,
    2,
    3,
    4
), `t59` AS (
  SELECT
    `t58`.`author_pid`,
    COUNT(*) AS `posts`,
    SUM(CAST(`t58`.`virtual` AS BIGINT)) AS `virtual_posts`,
    SUM(`t58`.`success`) AS `successes`,
    SUM(`t58`.`success` * `t58`.`success`) AS `squares`,
    SUM(`t58`.`responders`) AS `responders`,
    SUM(`t58`.`anonymous`) AS `anonymous`
  FROM (
    SELECT
      `t45`.`opp`,
      `t45`.`day`,
      `t45`.`author_pid`,
      `t45`.`posted_at`,
      `t45`.`virtual`,
      COALESCE(1.0 - EXP(`t57`.`log_miss`), 0.0) AS `success`,
      COALESCE(`t57`.`responders`, 0) AS `responders`,
      COALESCE(`t57`.`anonymous`, 0) AS `anonymous`,
      COALESCE(`t57`.`breadth`, 0.0) AS `breadth`,
      COALESCE(`t57`.`value`, 0.0) AS `responder_value`
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
              `t12`.`content_id`,
              `t12`.`author`,
              `t12`.`created_at`,
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
                AND `t0`.`created_at` > CAST('2020-09-01T00:00:00+00:00' AS TIMESTAMP)
            ) AS `t12`
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
            ) AS `t14`
              ON `t12`.`author` = `t14`.`w_actor` AND `t12`.`created_at` = `t14`.`w_ts`
            LEFT OUTER JOIN `t3` AS `t16`
              ON `t12`.`author` = `t16`.`_author_pid_identity`
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
          `t39`.`opp`,
          `t39`.`day`,
          `t39`.`author_pid`,
          CAST(CAST(`t39`.`day` AS TIMESTAMP) AS TIMESTAMP) AS `posted_at`,
          TRUE AS `virtual`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t32`.`author_pid` AS `opp`,
              `t32`.`day`,
              `t32`.`author_pid`
            FROM (
              SELECT
                `t27`.`actor`,
                `t27`.`day`,
                `t17`.`_author_pid_identity`,
                `t17`.`author_pid`
              FROM (
                SELECT DISTINCT
                  `t22`.`actor`,
                  CAST(`t22`.`ts` AS DATE) AS `day`
                FROM `t20` AS `t22`
                WHERE
                  `t22`.`target_content` IS NULL
                  AND `t22`.`kind` IN ('post', 'reply', 'quote', 'reshare', 'mention')
                  AND `t22`.`actor` IS NOT NULL
              ) AS `t27`
              LEFT OUTER JOIN `t3` AS `t17`
                ON `t27`.`actor` = `t17`.`_author_pid_identity`
            ) AS `t32`
            WHERE
              `t32`.`author_pid` IS NOT NULL
          ) AS `t34`
          UNION
          SELECT
            *
          FROM (
            SELECT
              `t36`.`author_pid` AS `opp`,
              `t36`.`day`,
              `t36`.`author_pid`
            FROM (
              SELECT
                `t35`.`target_person`,
                `t35`.`actor`,
                `t35`.`day`,
                `t35`.`n`,
                `t35`.`author_pid`
              FROM (
                SELECT
                  `t31`.`target_person`,
                  `t31`.`actor`,
                  `t31`.`day`,
                  `t31`.`n`,
                  `t17`.`_author_pid_identity`,
                  `t17`.`author_pid`
                FROM (
                  SELECT
                    `t28`.`target_person`,
                    `t28`.`actor`,
                    `t28`.`day`,
                    COUNT(*) AS `n`
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
                    FROM `t20` AS `t22`
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
                  ) AS `t28`
                  GROUP BY
                    1,
                    2,
                    3
                ) AS `t31`
                LEFT OUTER JOIN `t3` AS `t17`
                  ON `t31`.`target_person` = `t17`.`_author_pid_identity`
              ) AS `t35`
            ) AS `t36`
            WHERE
              `t36`.`author_pid` IS NOT NULL
          ) AS `t37`
        ) AS `t39`
      ) AS `t42`
    ) AS `t45`
    LEFT OUTER JOIN (
      SELECT
        `t55`.`opp` AS `r_opp`,
        `t55`.`day` AS `r_day`,
        SUM(`t55`.`log_miss`) AS `log_miss`,
        SUM(`t55`.`named`) AS `responders`,
        SUM(`t55`.`anon`) AS `anonymous`,
        SUM(`t55`.`sel`) AS `breadth`,
        SUM(`t55`.`value`) AS `value`
      FROM (
        SELECT
          `t54`.`opp`,
          `t54`.`day`,
          `t54`.`author_pid`,
          `t54`.`responder`,
          `t54`.`n`,
          `t54`.`r_pid`,
          `t54`.`r`,
          IF(
            `t54`.`responder` IS NULL,
            CAST(`t54`.`n` AS DOUBLE) * -0.6931471805599453,
            LN(1.0 - (
              0.6931471805599453 / LN(CAST(`t54`.`r` AS DOUBLE) + 2.0)
            ))
          ) AS `log_miss`,
          IF(`t54`.`responder` IS NULL, 0, 1) AS `named`,
          IF(`t54`.`responder` IS NULL, `t54`.`n`, 0) AS `anon`,
          IF(
            `t54`.`responder` IS NULL,
            CAST(`t54`.`n` AS DOUBLE) * 0.7924812503605781,
            1.0986122886681098 / LN(CAST(`t54`.`r` AS DOUBLE) + 2.0)
          ) AS `sel`,
          IF(`t54`.`responder` IS NULL, 0.0, 0.0) AS `value`
        FROM (
          SELECT
            `t50`.`opp`,
            `t50`.`day`,
            `t50`.`author_pid`,
            `t50`.`responder`,
            `t50`.`n`,
            `t53`.`r_pid`,
            `t53`.`r`
          FROM `t48` AS `t50`
          LEFT OUTER JOIN (
            SELECT
              `t51`.`responder` AS `r_pid`,
              COUNT(*) AS `r`
            FROM (
              SELECT
                *
              FROM `t48` AS `t49`
              WHERE
                `t49`.`responder` IS NOT NULL
            ) AS `t51`
            GROUP BY
              1
          ) AS `t53`
            ON `t50`.`responder` = `t53`.`r_pid`
        ) AS `t54`
      ) AS `t55`
      GROUP BY
        1,
        2
    ) AS `t57`
      ON `t45`.`opp` = `t57`.`r_opp` AND `t45`.`day` = `t57`.`r_day`
  ) AS `t58`
  GROUP BY
    1
)
SELECT
  `t68`.`person_id`,
  `t68`.`score`,
  `t68`.`value`,
  `t68`.`low`,
  `t68`.`high`,
  `t68`.`components`,
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST(`t68`.`_below` AS DOUBLE) + (
              CAST(`t68`.`_equal` AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / `t68`.`_n`
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS `percentile`
FROM (
  SELECT
    `t67`.`person_id`,
    `t67`.`score`,
    `t67`.`value`,
    `t67`.`low`,
    `t67`.`high`,
    `t67`.`components`,
    `t67`.`_key`,
    RANK() OVER (PARTITION BY `t67`.`score` ORDER BY `t67`.`_key` ASC NULLS LAST) - 1 AS `_below`,
    COUNT(`t67`.`person_id`) OVER (
      PARTITION BY `t67`.`score`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_n`,
    COUNT(`t67`.`person_id`) OVER (
      PARTITION BY `t67`.`score`, `t67`.`_key`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_equal`
  FROM (
    SELECT
      `t66`.`person_id`,
      `t66`.`score`,
      `t66`.`value`,
      `t66`.`low`,
      `t66`.`high`,
      `t66`.`components`,
      CAST(ROUND(`t66`.`value`, 9) AS DOUBLE) AS `_key`
    FROM (
      SELECT
        `t65`.`author_pid` AS `person_id`,
        'resonance' AS `score`,
        (
          `t65`.`alpha` + `t65`.`successes`
        ) / (
          `t65`.`alpha` + `t65`.`successes` + (
            (
              `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
            ) - `t65`.`successes`
          )
        ) AS `value`,
        GREATEST(
          (
            (
              `t65`.`alpha` + `t65`.`successes`
            ) / (
              `t65`.`alpha` + `t65`.`successes` + (
                (
                  `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                ) - `t65`.`successes`
              )
            )
          ) - (
            SQRT(
              (
                (
                  `t65`.`alpha` + `t65`.`successes`
                ) * (
                  (
                    `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                  ) - `t65`.`successes`
                )
              ) / (
                (
                  `t65`.`alpha` + `t65`.`successes` + (
                    (
                      `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                    ) - `t65`.`successes`
                  )
                ) * (
                  `t65`.`alpha` + `t65`.`successes` + (
                    (
                      `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                    ) - `t65`.`successes`
                  )
                ) * (
                  `t65`.`alpha` + `t65`.`successes` + (
                    (
                      `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                    ) - `t65`.`successes`
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
              `t65`.`alpha` + `t65`.`successes`
            ) / (
              `t65`.`alpha` + `t65`.`successes` + (
                (
                  `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                ) - `t65`.`successes`
              )
            )
          ) + (
            SQRT(
              (
                (
                  `t65`.`alpha` + `t65`.`successes`
                ) * (
                  (
                    `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                  ) - `t65`.`successes`
                )
              ) / (
                (
                  `t65`.`alpha` + `t65`.`successes` + (
                    (
                      `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                    ) - `t65`.`successes`
                  )
                ) * (
                  `t65`.`alpha` + `t65`.`successes` + (
                    (
                      `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                    ) - `t65`.`successes`
                  )
                ) * (
                  `t65`.`alpha` + `t65`.`successes` + (
                    (
                      `t65`.`beta` + CAST(`t65`.`posts` AS DOUBLE)
                    ) - `t65`.`successes`
                  ) + 1.0
                )
              )
            ) * 1.6448536269514715
          ),
          1.0
        ) AS `high`,
        STRUCT(
          `t65`.`posts` AS `posts`,
          `t65`.`virtual_posts` AS `virtual_posts`,
          `t65`.`successes` AS `successes`,
          `t65`.`successes` / CAST(`t65`.`posts` AS DOUBLE) AS `raw_rate`,
          `t65`.`responders` AS `responders`,
          `t65`.`anonymous` AS `anonymous`,
          `t65`.`alpha` AS `alpha`,
          `t65`.`beta` AS `beta`
        ) AS `components`
      FROM (
        SELECT
          `t61`.`author_pid`,
          `t61`.`posts`,
          `t61`.`virtual_posts`,
          `t61`.`successes`,
          `t61`.`squares`,
          `t61`.`responders`,
          `t61`.`anonymous`,
          `t64`.`alpha`,
          `t64`.`beta`
        FROM `t59` AS `t61`
        CROSS JOIN (
          SELECT
            GREATEST(LEAST(`t62`.`k` / NULLIF(`t62`.`n_posts`, 0.0), 0.999999), 1e-06) * COALESCE(
              GREATEST(
                LEAST(
                  IF(
                    (
                      `t62`.`n_persons` >= 2
                    )
                    AND (
                      (
                        (
                          `t62`.`w` - `t62`.`q`
                        ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN((
                        `t62`.`w` - `t62`.`q`
                      ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0))
                    )
                    AND (
                      (
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN(
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
                        ), 0.0)
                      )
                    ),
                    IF(
                      (
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
                        ), 0.0)
                      ) > 0,
                      (
                        (
                          `t62`.`w` - `t62`.`q`
                        ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                      ) / NULLIF(
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
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
              1.0 - GREATEST(LEAST(`t62`.`k` / NULLIF(`t62`.`n_posts`, 0.0), 0.999999), 1e-06)
            ) * COALESCE(
              GREATEST(
                LEAST(
                  IF(
                    (
                      `t62`.`n_persons` >= 2
                    )
                    AND (
                      (
                        (
                          `t62`.`w` - `t62`.`q`
                        ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN((
                        `t62`.`w` - `t62`.`q`
                      ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0))
                    )
                    AND (
                      (
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                      AND NOT ISNAN(
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
                        ), 0.0)
                      )
                    ),
                    IF(
                      (
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
                        ), 0.0)
                      ) > 0,
                      (
                        (
                          `t62`.`w` - `t62`.`q`
                        ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                      ) / NULLIF(
                        (
                          (
                            `t62`.`q` - (
                              (
                                `t62`.`k` * `t62`.`k`
                              ) / NULLIF(`t62`.`n_posts`, 0.0)
                            )
                          ) - (
                            (
                              `t62`.`n_persons` - 1.0
                            ) * (
                              (
                                `t62`.`w` - `t62`.`q`
                              ) / NULLIF(`t62`.`n_posts` - `t62`.`n_persons`, 0.0)
                            )
                          )
                        ) / NULLIF(`t62`.`n_posts` - (
                          `t62`.`n2` / NULLIF(`t62`.`n_posts`, 0.0)
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
              CAST(SUM(`t60`.`posts`) AS DOUBLE) AS `n_posts`,
              CAST(SUM(`t60`.`posts` * `t60`.`posts`) AS DOUBLE) AS `n2`,
              SUM(`t60`.`successes`) AS `k`,
              SUM((
                `t60`.`successes` * `t60`.`successes`
              ) / CAST(`t60`.`posts` AS DOUBLE)) AS `q`,
              SUM(`t60`.`squares`) AS `w`
            FROM `t59` AS `t60`
          ) AS `t62`
        ) AS `t64`
      ) AS `t65`
    ) AS `t66`
  ) AS `t67`
) AS `t68`

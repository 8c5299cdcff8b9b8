WITH `t51` AS (
  SELECT
    `t50`.`content_id`,
    `t50`.`author_pid`,
    1 AS `n`,
    `t50`.`r` AS `s`,
    `t50`.`r` * `t50`.`r` AS `q`
  FROM (
    SELECT
      `t38`.`content_id`,
      `t38`.`author_pid`,
      `t38`.`created_at`,
      COALESCE(`t49`.`g_r`, 0.0) AS `r`
    FROM (
      SELECT
        `t29`.`content_id`,
        IF(`t29`.`wrapped` IS NULL, `t29`.`author_pid`, CAST(NULL AS STRING)) AS `author_pid`,
        `t29`.`created_at`
      FROM (
        SELECT
          `t28`.`content_id`,
          `t28`.`network`,
          `t28`.`source_id`,
          `t28`.`community`,
          `t28`.`kind`,
          `t28`.`author`,
          `t28`.`created_at`,
          `t28`.`parent_id`,
          `t28`.`root_id`,
          `t28`.`title`,
          `t28`.`text`,
          `t28`.`tags`,
          `t28`.`url`,
          `t28`.`views`,
          `t28`.`w_actor`,
          `t28`.`w_ts`,
          `t28`.`wrapped`,
          `t28`.`author_pid`
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
            `t23`.`w_actor`,
            `t23`.`w_ts`,
            `t23`.`wrapped`,
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
          ) AS `t23`
            ON `t16`.`author` = `t23`.`w_actor` AND `t16`.`created_at` = `t23`.`w_ts`
          LEFT OUTER JOIN (
            SELECT
              `t1`.`identity_id` AS `_author_pid_identity`,
              `t1`.`person_id` AS `author_pid`
            FROM `identities` AS `t1`
          ) AS `t10`
            ON `t16`.`author` = `t10`.`_author_pid_identity`
        ) AS `t28`
      ) AS `t29`
    ) AS `t38`
    LEFT OUTER JOIN (
      SELECT
        `t47`.`target_content` AS `g_content`,
        `t47`.`a_pid` AS `g_pid`,
        `t47`.`k_created` AS `g_created`,
        SUM(`t47`.`w`) AS `g_r`
      FROM (
        SELECT
          `t46`.`target_content`,
          `t46`.`actor`,
          `t46`.`w`,
          `t46`.`k_id`,
          `t46`.`k_author`,
          `t46`.`k_created`,
          `t46`.`k_cand`,
          `t46`.`a_pid`,
          `t46`.`actor_pid`,
          COALESCE(`t46`.`actor_pid`, `t46`.`actor`) AS `responder`
        FROM (
          SELECT
            `t45`.`target_content`,
            `t45`.`actor`,
            `t45`.`w`,
            `t45`.`k_id`,
            `t45`.`k_author`,
            `t45`.`k_created`,
            `t45`.`k_cand`,
            `t45`.`a_pid`,
            `t45`.`actor_pid`
          FROM (
            SELECT
              `t44`.`target_content`,
              `t44`.`actor`,
              `t44`.`w`,
              `t44`.`k_id`,
              `t44`.`k_author`,
              `t44`.`k_created`,
              `t44`.`k_cand`,
              `t44`.`a_pid`,
              `t11`.`_actor_pid_identity`,
              `t11`.`actor_pid`
            FROM (
              SELECT
                `t40`.`target_content`,
                `t40`.`actor`,
                `t40`.`w`,
                `t40`.`k_id`,
                `t40`.`k_author`,
                `t40`.`k_created`,
                `t40`.`k_cand`,
                `t40`.`a_pid`
              FROM (
                SELECT
                  `t36`.`target_content`,
                  `t36`.`actor`,
                  `t36`.`w`,
                  `t36`.`k_id`,
                  `t36`.`k_author`,
                  `t36`.`k_created`,
                  `t36`.`k_cand`,
                  `t12`.`_a_pid_identity`,
                  `t12`.`a_pid`
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      `t25`.`target_content`,
                      `t25`.`actor`,
                      `t25`.`w`,
                      `t20`.`k_id`,
                      `t20`.`k_author`,
                      `t20`.`k_created`,
                      `t20`.`k_cand`
                    FROM (
                      SELECT
                        `t18`.`target_content`,
                        `t18`.`actor`,
                        SUM(`t18`.`w`) AS `w`
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
                      ) AS `t18`
                      GROUP BY
                        1,
                        2
                    ) AS `t25`
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
                    ) AS `t20`
                      ON `t25`.`target_content` = `t20`.`k_id`
                  ) AS `t30`
                  WHERE
                    `t30`.`k_cand`
                ) AS `t36`
                LEFT OUTER JOIN (
                  SELECT
                    `t1`.`identity_id` AS `_a_pid_identity`,
                    `t1`.`person_id` AS `a_pid`
                  FROM `identities` AS `t1`
                ) AS `t12`
                  ON `t36`.`k_author` = `t12`.`_a_pid_identity`
              ) AS `t40`
            ) AS `t44`
            LEFT OUTER JOIN (
              SELECT
                `t1`.`identity_id` AS `_actor_pid_identity`,
                `t1`.`person_id` AS `actor_pid`
              FROM `identities` AS `t1`
            ) AS `t11`
              ON `t44`.`actor` = `t11`.`_actor_pid_identity`
          ) AS `t45`
        ) AS `t46`
        WHERE
          (
            COALESCE(`t46`.`actor_pid`, `t46`.`actor`) IS NULL
          )
          OR (
            COALESCE(`t46`.`actor_pid`, `t46`.`actor`) <> `t46`.`a_pid`
          )
      ) AS `t47`
      GROUP BY
        1,
        2,
        3
    ) AS `t49`
      ON `t38`.`content_id` = `t49`.`g_content`
  ) AS `t50`
  WHERE
    `t50`.`author_pid` IS NOT NULL
), `t57` AS (
  SELECT
    `t56`.`author_pid`,
    `t56`.`topic`,
    `t56`.`n`,
    CAST(`t56`.`n` AS DOUBLE) AS `n_w`,
    `t56`.`s` AS `recognition`,
    `t56`.`q`
  FROM (
    SELECT
      `t55`.`author_pid`,
      `t55`.`topic`,
      SUM(`t55`.`n`) AS `n`,
      SUM(`t55`.`s`) AS `s`,
      SUM(`t55`.`q`) AS `q`
    FROM (
      SELECT
        `t53`.`content_id`,
        `t53`.`author_pid`,
        `t53`.`n`,
        `t53`.`s`,
        `t53`.`q`,
        `t43`.`topic`
      FROM `t51` AS `t53`
      INNER JOIN (
        SELECT
          `t39`.`t_content` AS `content_id`,
          `t39`.`topic`
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
                  `t27`.`topic`
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
                    `t22`.`o_content`,
                    LOWER(`t22`.`topic`) AS `topic`
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
                  ) AS `t22`
                  WHERE
                    `t22`.`topic` IS NOT NULL AND `t22`.`topic` <> ''
                ) AS `t27`
                  ON `t15`.`content_id` = `t27`.`o_content`
              ) AS `t31`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  `t19`.`content_id` AS `t_content`,
                  `t27`.`topic`
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
                ) AS `t19`
                INNER JOIN (
                  SELECT
                    `t22`.`o_content`,
                    LOWER(`t22`.`topic`) AS `topic`
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
                  ) AS `t22`
                  WHERE
                    `t22`.`topic` IS NOT NULL AND `t22`.`topic` <> ''
                ) AS `t27`
                  ON `t19`.`root` = `t27`.`o_content`
              ) AS `t32`
            ) AS `t34`
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
          ) AS `t37`
        ) AS `t39`
      ) AS `t43`
        ON `t53`.`content_id` = `t43`.`content_id`
    ) AS `t55`
    GROUP BY
      1,
      2
  ) AS `t56`
), `t67` AS (
  SELECT
    `t66`.`person_id`,
    `t66`.`topic`,
    `t66`.`value`,
    `t66`.`low`,
    `t66`.`high`,
    `t66`.`n`,
    `t66`.`n_w`,
    `t66`.`recognition`,
    `t66`.`topic_mean`,
    ROW_NUMBER() OVER (
      PARTITION BY `t66`.`person_id`
      ORDER BY CAST(ROUND(`t66`.`value`, 9) AS DOUBLE) DESC, `t66`.`topic` ASC NULLS LAST
    ) - 1 AS `_rk`,
    COUNT(`t66`.`topic`) OVER (
      PARTITION BY `t66`.`person_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_topics`
  FROM (
    SELECT
      `t60`.`author_pid` AS `person_id`,
      `t60`.`topic`,
      (
        (
          `t60`.`recognition` + (
            `t65`.`mu_t` * 5.0
          )
        ) / (
          `t60`.`n_w` + 5.0
        )
      ) * LN(`t60`.`n_w` + 1.0) AS `value`,
      GREATEST(
        (
          (
            `t60`.`recognition` + (
              `t65`.`mu_t` * 5.0
            )
          ) / (
            `t60`.`n_w` + 5.0
          )
        ) - (
          SQRT(`t65`.`var_t` / (
            `t60`.`n_w` + 5.0
          )) * 1.6448536269514715
        ),
        0.0
      ) * LN(`t60`.`n_w` + 1.0) AS `low`,
      (
        (
          (
            `t60`.`recognition` + (
              `t65`.`mu_t` * 5.0
            )
          ) / (
            `t60`.`n_w` + 5.0
          )
        ) + (
          SQRT(`t65`.`var_t` / (
            `t60`.`n_w` + 5.0
          )) * 1.6448536269514715
        )
      ) * LN(`t60`.`n_w` + 1.0) AS `high`,
      `t60`.`n`,
      `t60`.`n_w`,
      `t60`.`recognition`,
      `t65`.`mu_t` AS `topic_mean`
    FROM `t57` AS `t60`
    INNER JOIN (
      SELECT
        `t63`.`t_topic`,
        (
          `t63`.`st` + (
            `t61`.`mu0` * 5.0
          )
        ) / (
          `t63`.`nt` + 5.0
        ) AS `mu_t`,
        (
          GREATEST(
            `t63`.`qt` - (
              (
                `t63`.`st` * `t63`.`st`
              ) / NULLIF(`t63`.`nt`, 0.0)
            ),
            0.0
          ) + (
            `t61`.`var0` * 5.0
          )
        ) / (
          `t63`.`nt` + 5.0
        ) AS `var_t`
      FROM (
        SELECT
          `t58`.`topic` AS `t_topic`,
          SUM(`t58`.`n_w`) AS `nt`,
          SUM(`t58`.`recognition`) AS `st`,
          SUM(`t58`.`q`) AS `qt`
        FROM `t57` AS `t58`
        GROUP BY
          1
      ) AS `t63`
      CROSS JOIN (
        SELECT
          `t54`.`s` / NULLIF(CAST(`t54`.`n` AS DOUBLE), 0.0) AS `mu0`,
          GREATEST(
            (
              `t54`.`q` / NULLIF(CAST(`t54`.`n` AS DOUBLE), 0.0)
            ) - (
              (
                `t54`.`s` / NULLIF(CAST(`t54`.`n` AS DOUBLE), 0.0)
              ) * (
                `t54`.`s` / NULLIF(CAST(`t54`.`n` AS DOUBLE), 0.0)
              )
            ),
            0.0
          ) AS `var0`
        FROM (
          SELECT
            COALESCE(SUM(`t52`.`n`), 0) AS `n`,
            COALESCE(SUM(`t52`.`s`), 0.0) AS `s`,
            COALESCE(SUM(`t52`.`q`), 0.0) AS `q`
          FROM `t51` AS `t52`
        ) AS `t54`
      ) AS `t61`
    ) AS `t65`
      ON `t60`.`topic` = `t65`.`t_topic`
  ) AS `t66`
)
SELECT
  `t75`.`person_id`,
  `t75`.`score`,
  `t75`.`value`,
  `t75`.`low`,
  `t75`.`high`,
  `t75`.`components`,
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST(`t75`.`_below` AS DOUBLE) + (
              (
                CAST(ROUND(`t75`.`_cume` * CAST(`t75`.`_n` AS DOUBLE), 0) AS BIGINT) - CAST(`t75`.`_below` AS DOUBLE)
              ) * 0.5
            )
          ) * 100.0
        ) / CAST(`t75`.`_n` AS DOUBLE)
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS `percentile`
FROM (
  SELECT
    `t74`.`person_id`,
    `t74`.`score`,
    `t74`.`value`,
    `t74`.`low`,
    `t74`.`high`,
    `t74`.`components`,
    `t74`.`_key`,
    RANK() OVER (PARTITION BY `t74`.`score` ORDER BY `t74`.`_key` ASC NULLS LAST) - 1 AS `_below`,
    CUME_DIST() OVER (PARTITION BY `t74`.`score` ORDER BY `t74`.`_key` ASC NULLS LAST) AS `_cume`,
    COUNT(`t74`.`person_id`) OVER (
      PARTITION BY `t74`.`score`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_n`
  FROM (
    SELECT
      `t73`.`person_id`,
      `t73`.`score`,
      `t73`.`value`,
      `t73`.`low`,
      `t73`.`high`,
      `t73`.`components`,
      CAST(ROUND(`t73`.`value`, 9) AS DOUBLE) AS `_key`
    FROM (
      SELECT
        `t70`.`person_id`,
        'expertise' AS `score`,
        `t70`.`value`,
        `t70`.`low`,
        `t70`.`high`,
        STRUCT(
          `t70`.`topic` AS `topic`,
          `t70`.`n` AS `topic_n`,
          `t70`.`n_w` AS `topic_n_w`,
          `t70`.`recognition` AS `topic_recognition`,
          `t70`.`topic_mean` AS `topic_mean`,
          `t72`.`topic_2` AS `topic_2`,
          `t72`.`topic_3` AS `topic_3`,
          `t70`.`_topics` AS `topics`
        ) AS `components`
      FROM (
        SELECT
          *
        FROM `t67` AS `t68`
        WHERE
          `t68`.`_rk` = 0
      ) AS `t70`
      INNER JOIN (
        SELECT
          `t68`.`person_id` AS `b_person`,
          MAX(IF(`t68`.`_rk` = 1, `t68`.`topic`, NULL)) AS `topic_2`,
          MAX(IF(`t68`.`_rk` = 2, `t68`.`topic`, NULL)) AS `topic_3`
        FROM `t67` AS `t68`
        GROUP BY
          1
      ) AS `t72`
        ON `t70`.`person_id` = `t72`.`b_person`
    ) AS `t73`
  ) AS `t74`
) AS `t75`

WITH `t14` AS (
  SELECT
    `t1`.`event_id`,
    `t1`.`network`,
    `t1`.`source_id`,
    `t1`.`community`,
    `t1`.`kind`,
    `t1`.`subkind`,
    `t1`.`actor`,
    `t1`.`target_person`,
    `t1`.`target_content`,
    `t1`.`ts`,
    `t1`.`value`,
    CAST(CASE
      WHEN `t1`.`kind` = 'accept'
      THEN 0.2
      WHEN `t1`.`kind` = 'adopt'
      THEN 0.5
      WHEN `t1`.`kind` = 'comment'
      THEN 0.5
      WHEN `t1`.`kind` = 'edit'
      THEN 0.2
      WHEN `t1`.`kind` = 'mention'
      THEN 0.3
      WHEN `t1`.`kind` = 'moderation'
      THEN 0.2
      WHEN `t1`.`kind` = 'post'
      THEN 1.0
      WHEN `t1`.`kind` = 'quote'
      THEN 0.8
      WHEN `t1`.`kind` = 'reaction'
      THEN 0.1
      WHEN `t1`.`kind` = 'reply'
      THEN 1.0
      WHEN `t1`.`kind` = 'reshare'
      THEN 0.5
      ELSE 0.0
    END AS DOUBLE) AS `w`
  FROM `events` AS `t1`
  WHERE
    `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
    AND `t1`.`actor` IS NOT NULL
    AND `t1`.`ts` > CAST('2021-05-04T00:00:00+00:00' AS TIMESTAMP)
), `t28` AS (
  SELECT
    *
  FROM (
    SELECT
      `t15`.`event_id` AS `e_id`,
      `t15`.`actor`,
      `t15`.`ts`,
      `t15`.`w`,
      `t15`.`target_content` AS `content_id`
    FROM `t14` AS `t15`
    WHERE
      `t15`.`w` > 0 AND `t15`.`target_content` IS NOT NULL
  ) AS `t19`
  UNION
  SELECT
    *
  FROM (
    SELECT
      CAST(`t25`.`e_id` AS STRING) AS `e_id`,
      `t25`.`actor`,
      CAST(`t25`.`ts` AS TIMESTAMP) AS `ts`,
      CAST(`t25`.`w` AS DOUBLE) AS `w`,
      `t25`.`content_id`
    FROM (
      SELECT
        `t21`.`e_id`,
        `t21`.`actor`,
        `t21`.`ts`,
        `t21`.`w`,
        `t13`.`m_content` AS `content_id`
      FROM (
        SELECT
          `t15`.`event_id` AS `e_id`,
          `t15`.`actor`,
          `t15`.`ts`,
          `t15`.`w`,
          `t15`.`target_content`
        FROM `t14` AS `t15`
        WHERE
          `t15`.`w` > 0
      ) AS `t21`
      INNER JOIN (
        SELECT
          `t2`.`content_id` AS `m_content`,
          `t2`.`author` AS `m_author`,
          `t2`.`created_at` AS `m_at`
        FROM `contents` AS `t2`
        WHERE
          `t2`.`author` IS NOT NULL
          AND `t2`.`created_at` > CAST('2021-05-04T00:00:00+00:00' AS TIMESTAMP)
          AND `t2`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
      ) AS `t13`
        ON `t21`.`actor` = `t13`.`m_author` AND `t21`.`ts` = `t13`.`m_at`
    ) AS `t25`
  ) AS `t27`
), `t61` AS (
  SELECT
    `t60`.`person_id`,
    `t60`.`topic`,
    `t60`.`value`,
    `t60`.`low`,
    `t60`.`high`,
    `t60`.`rate_7`,
    `t60`.`rate_30`,
    `t60`.`baseline`,
    `t60`.`slope_7`,
    `t60`.`slope_30`,
    `t60`.`share`,
    `t60`.`actions_7d`,
    `t60`.`actions_30d`,
    `t60`.`actions_baseline`,
    ROW_NUMBER() OVER (
      PARTITION BY `t60`.`person_id`
      ORDER BY CASE
        WHEN (
          CAST(ROUND(`t60`.`value`, 9) AS DOUBLE) > 0
        )
        AND NOT (
          STARTSWITH(`t60`.`topic`, 'community:')
        )
        THEN 0
        WHEN CAST(ROUND(`t60`.`value`, 9) AS DOUBLE) > 0
        THEN 1
        ELSE 2
      END ASC NULLS LAST, CAST(ROUND(`t60`.`value`, 9) AS DOUBLE) DESC, `t60`.`topic` ASC NULLS LAST
    ) - 1 AS `_rk`,
    COUNT(`t60`.`topic`) OVER (
      PARTITION BY `t60`.`person_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_topics`
  FROM (
    SELECT
      `t59`.`pid` AS `person_id`,
      `t59`.`topic`,
      (
        `t59`.`a7` / 7.0
      ) * LEAST(COALESCE(`t59`.`a30` / NULLIF(`t34`.`all30`, 0.0), 0.0), 1.0) * (
        GREATEST(
          LN(
            (
              (
                `t59`.`a7` / 7.0
              ) + 0.14285714285714285
            ) / (
              (
                `t59`.`b` / 90.0
              ) + 0.14285714285714285
            )
          ),
          0.0
        ) + 1.0
      ) AS `value`,
      CAST(NULL AS DOUBLE) AS `low`,
      CAST(NULL AS DOUBLE) AS `high`,
      `t59`.`a7` / 7.0 AS `rate_7`,
      `t59`.`a30` / 30.0 AS `rate_30`,
      `t59`.`b` / 90.0 AS `baseline`,
      LN(
        (
          (
            `t59`.`a7` / 7.0
          ) + 0.14285714285714285
        ) / (
          (
            `t59`.`b` / 90.0
          ) + 0.14285714285714285
        )
      ) AS `slope_7`,
      LN(
        (
          (
            `t59`.`a30` / 30.0
          ) + 0.14285714285714285
        ) / (
          (
            `t59`.`b` / 90.0
          ) + 0.14285714285714285
        )
      ) AS `slope_30`,
      LEAST(COALESCE(`t59`.`a30` / NULLIF(`t34`.`all30`, 0.0), 0.0), 1.0) AS `share`,
      `t59`.`a7` AS `actions_7d`,
      `t59`.`a30` AS `actions_30d`,
      `t59`.`b` AS `actions_baseline`
    FROM (
      SELECT
        `t57`.`pid`,
        `t57`.`topic`,
        COALESCE(SUM(`t57`.`a7`), 0.0) AS `a7`,
        COALESCE(SUM(`t57`.`a30`), 0.0) AS `a30`,
        COALESCE(SUM(`t57`.`b`), 0.0) AS `b`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t55`.`actor`,
            `t55`.`topic`,
            `t55`.`a7`,
            `t55`.`a30`,
            `t55`.`b`,
            `t55`.`pid`
          FROM (
            SELECT
              `t54`.`actor`,
              `t54`.`topic`,
              `t54`.`a7`,
              `t54`.`a30`,
              `t54`.`b`,
              `t7`.`_pid_identity`,
              `t7`.`pid`
            FROM (
              SELECT
                `t52`.`actor`,
                `t52`.`topic`,
                SUM(IF(`t52`.`ts` > CAST('2021-08-25T00:00:00+00:00' AS TIMESTAMP), `t52`.`w`, NULL)) AS `a7`,
                SUM(IF(`t52`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), `t52`.`w`, NULL)) AS `a30`,
                SUM(
                  IF(`t52`.`ts` <= CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), `t52`.`w`, NULL)
                ) AS `b`
              FROM (
                SELECT DISTINCT
                  *
                FROM (
                  SELECT
                    `t31`.`e_id`,
                    `t31`.`actor`,
                    `t31`.`ts`,
                    `t31`.`w`,
                    `t50`.`topic`
                  FROM `t28` AS `t31`
                  INNER JOIN (
                    SELECT
                      `t48`.`content_id`,
                      `t48`.`topic`
                    FROM (
                      SELECT
                        `t36`.`content_id`,
                        `t36`.`author_pid`,
                        `t36`.`r`,
                        `t36`.`m`,
                        `t47`.`topic`
                      FROM (
                        SELECT
                          `t32`.`content_id`,
                          CAST(NULL AS STRING) AS `author_pid`,
                          0.0 AS `r`,
                          1.0 AS `m`
                        FROM (
                          SELECT DISTINCT
                            `t30`.`content_id`
                          FROM `t28` AS `t30`
                        ) AS `t32`
                      ) AS `t36`
                      INNER JOIN (
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
                                `t36`.`content_id`,
                                `t22`.`topic`
                              FROM (
                                SELECT
                                  `t32`.`content_id`,
                                  CAST(NULL AS STRING) AS `author_pid`,
                                  0.0 AS `r`,
                                  1.0 AS `m`
                                FROM (
                                  SELECT DISTINCT
                                    `t30`.`content_id`
                                  FROM `t28` AS `t30`
                                ) AS `t32`
                              ) AS `t36`
                              INNER JOIN (
                                SELECT
                                  `t16`.`o_content`,
                                  LOWER(`t16`.`topic`) AS `topic`
                                FROM (
                                  SELECT
                                    `t12`.`content_id` AS `o_content`,
                                    EXPLODE(`t12`.`tags`) AS `topic`
                                  FROM (
                                    SELECT
                                      *
                                    FROM `contents` AS `t2`
                                    WHERE
                                      `t2`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                                      AND `t2`.`tags` IS NOT NULL
                                  ) AS `t12`
                                ) AS `t16`
                                WHERE
                                  `t16`.`topic` IS NOT NULL AND `t16`.`topic` <> ''
                              ) AS `t22`
                                ON `t36`.`content_id` = `t22`.`o_content`
                            ) AS `t37`
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t42`.`content_id`,
                                `t22`.`topic`
                              FROM (
                                SELECT
                                  *
                                FROM (
                                  SELECT
                                    `t36`.`content_id`,
                                    `t36`.`author_pid`,
                                    `t36`.`r`,
                                    `t36`.`m`,
                                    `t11`.`l_content`,
                                    `t11`.`l_root`
                                  FROM (
                                    SELECT
                                      `t32`.`content_id`,
                                      CAST(NULL AS STRING) AS `author_pid`,
                                      0.0 AS `r`,
                                      1.0 AS `m`
                                    FROM (
                                      SELECT DISTINCT
                                        `t30`.`content_id`
                                      FROM `t28` AS `t30`
                                    ) AS `t32`
                                  ) AS `t36`
                                  INNER JOIN (
                                    SELECT
                                      `t2`.`content_id` AS `l_content`,
                                      `t2`.`root_id` AS `l_root`
                                    FROM `contents` AS `t2`
                                  ) AS `t11`
                                    ON `t36`.`content_id` = `t11`.`l_content`
                                ) AS `t39`
                                WHERE
                                  `t39`.`l_root` IS NOT NULL AND `t39`.`l_root` <> `t39`.`content_id`
                              ) AS `t42`
                              INNER JOIN (
                                SELECT
                                  `t16`.`o_content`,
                                  LOWER(`t16`.`topic`) AS `topic`
                                FROM (
                                  SELECT
                                    `t12`.`content_id` AS `o_content`,
                                    EXPLODE(`t12`.`tags`) AS `topic`
                                  FROM (
                                    SELECT
                                      *
                                    FROM `contents` AS `t2`
                                    WHERE
                                      `t2`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                                      AND `t2`.`tags` IS NOT NULL
                                  ) AS `t12`
                                ) AS `t16`
                                WHERE
                                  `t16`.`topic` IS NOT NULL AND `t16`.`topic` <> ''
                              ) AS `t22`
                                ON `t42`.`l_root` = `t22`.`o_content`
                            ) AS `t43`
                          ) AS `t44`
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t38`.`content_id`,
                              CONCAT('community:', `t38`.`community`) AS `topic`
                            FROM (
                              SELECT
                                `t36`.`content_id`,
                                `t36`.`author_pid`,
                                `t36`.`r`,
                                `t36`.`m`,
                                `t10`.`m_content`,
                                `t10`.`community`
                              FROM (
                                SELECT
                                  `t32`.`content_id`,
                                  CAST(NULL AS STRING) AS `author_pid`,
                                  0.0 AS `r`,
                                  1.0 AS `m`
                                FROM (
                                  SELECT DISTINCT
                                    `t30`.`content_id`
                                  FROM `t28` AS `t30`
                                ) AS `t32`
                              ) AS `t36`
                              INNER JOIN (
                                SELECT
                                  `t2`.`content_id` AS `m_content`,
                                  `t2`.`community`
                                FROM `contents` AS `t2`
                              ) AS `t10`
                                ON `t36`.`content_id` = `t10`.`m_content`
                            ) AS `t38`
                            WHERE
                              `t38`.`community` IS NOT NULL
                          ) AS `t40`
                        ) AS `t45`
                      ) AS `t47`
                        ON `t36`.`content_id` = `t47`.`content_id`
                    ) AS `t48`
                  ) AS `t50`
                    ON `t31`.`content_id` = `t50`.`content_id`
                ) AS `t51`
              ) AS `t52`
              GROUP BY
                1,
                2
            ) AS `t54`
            LEFT OUTER JOIN (
              SELECT
                `t0`.`identity_id` AS `_pid_identity`,
                `t0`.`person_id` AS `pid`
              FROM `identities` AS `t0`
            ) AS `t7`
              ON `t54`.`actor` = `t7`.`_pid_identity`
          ) AS `t55`
        ) AS `t56`
        WHERE
          `t56`.`pid` IS NOT NULL
      ) AS `t57`
      GROUP BY
        1,
        2
    ) AS `t59`
    LEFT OUTER JOIN (
      SELECT
        `t29`.`t_pid`,
        SUM(`t29`.`all30`) AS `all30`
      FROM (
        SELECT
          `t26`.`actor`,
          `t26`.`all30`,
          `t26`.`t_pid`
        FROM (
          SELECT
            `t24`.`actor`,
            `t24`.`all30`,
            `t8`.`_t_pid_identity`,
            `t8`.`t_pid`
          FROM (
            SELECT
              `t17`.`actor`,
              SUM(`t17`.`w`) AS `all30`
            FROM (
              SELECT
                `t15`.`event_id` AS `e_id`,
                `t15`.`actor`,
                `t15`.`ts`,
                `t15`.`w`,
                `t15`.`target_content`
              FROM `t14` AS `t15`
              WHERE
                `t15`.`w` > 0 AND `t15`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
            ) AS `t17`
            GROUP BY
              1
          ) AS `t24`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`identity_id` AS `_t_pid_identity`,
              `t0`.`person_id` AS `t_pid`
            FROM `identities` AS `t0`
          ) AS `t8`
            ON `t24`.`actor` = `t8`.`_t_pid_identity`
        ) AS `t26`
      ) AS `t29`
      GROUP BY
        1
    ) AS `t34`
      ON `t59`.`pid` = `t34`.`t_pid`
  ) AS `t60`
)
SELECT
  `t69`.`person_id`,
  `t69`.`score`,
  `t69`.`value`,
  `t69`.`low`,
  `t69`.`high`,
  `t69`.`components`,
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST(`t69`.`_below` AS DOUBLE) + (
              CAST(`t69`.`_equal` AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / `t69`.`_n`
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS `percentile`
FROM (
  SELECT
    `t68`.`person_id`,
    `t68`.`score`,
    `t68`.`value`,
    `t68`.`low`,
    `t68`.`high`,
    `t68`.`components`,
    `t68`.`_key`,
    RANK() OVER (PARTITION BY `t68`.`score` ORDER BY `t68`.`_key` ASC NULLS LAST) - 1 AS `_below`,
    COUNT(`t68`.`person_id`) OVER (
      PARTITION BY `t68`.`score`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_n`,
    COUNT(`t68`.`person_id`) OVER (
      PARTITION BY `t68`.`score`, `t68`.`_key`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_equal`
  FROM (
    SELECT
      `t67`.`person_id`,
      `t67`.`score`,
      `t67`.`value`,
      `t67`.`low`,
      `t67`.`high`,
      `t67`.`components`,
      CAST(ROUND(`t67`.`value`, 9) AS DOUBLE) AS `_key`
    FROM (
      SELECT
        `t64`.`person_id`,
        'engagement' AS `score`,
        `t64`.`value`,
        CAST(NULL AS DOUBLE) AS `low`,
        CAST(NULL AS DOUBLE) AS `high`,
        STRUCT(
          `t64`.`topic` AS `topic`,
          `t64`.`rate_7` AS `rate_7`,
          `t64`.`rate_30` AS `rate_30`,
          `t64`.`baseline` AS `baseline`,
          `t64`.`slope_7` AS `slope_7`,
          `t64`.`slope_30` AS `slope_30`,
          `t64`.`share` AS `share`,
          `t66`.`topic_2` AS `topic_2`,
          `t66`.`topic_3` AS `topic_3`,
          `t64`.`_topics` AS `topics`
        ) AS `components`
      FROM (
        SELECT
          *
        FROM `t61` AS `t62`
        WHERE
          `t62`.`_rk` = 0
      ) AS `t64`
      INNER JOIN (
        SELECT
          `t62`.`person_id` AS `b_person`,
          MAX(IF(`t62`.`_rk` = 1, `t62`.`topic`, NULL)) AS `topic_2`,
          MAX(IF(`t62`.`_rk` = 2, `t62`.`topic`, NULL)) AS `topic_3`
        FROM `t61` AS `t62`
        GROUP BY
          1
      ) AS `t66`
        ON `t64`.`person_id` = `t66`.`b_person`
    ) AS `t67`
  ) AS `t68`
) AS `t69`

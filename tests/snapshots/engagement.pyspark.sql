WITH `t13` AS (
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
), `t24` AS (
  SELECT
    *
  FROM (
    SELECT
      `t14`.`event_id` AS `e_id`,
      `t14`.`actor`,
      `t14`.`ts`,
      `t14`.`w`,
      `t14`.`target_content` AS `content_id`
    FROM `t13` AS `t14`
    WHERE
      `t14`.`w` > 0 AND `t14`.`target_content` IS NOT NULL
  ) AS `t17`
  UNION
  SELECT
    *
  FROM (
    SELECT
      CAST(`t21`.`e_id` AS STRING) AS `e_id`,
      `t21`.`actor`,
      CAST(`t21`.`ts` AS TIMESTAMP) AS `ts`,
      CAST(`t21`.`w` AS DOUBLE) AS `w`,
      `t21`.`content_id`
    FROM (
      SELECT
        `t18`.`e_id`,
        `t18`.`actor`,
        `t18`.`ts`,
        `t18`.`w`,
        `t11`.`m_content` AS `content_id`
      FROM (
        SELECT
          `t14`.`event_id` AS `e_id`,
          `t14`.`actor`,
          `t14`.`ts`,
          `t14`.`w`,
          `t14`.`target_content`
        FROM `t13` AS `t14`
        WHERE
          `t14`.`w` > 0
      ) AS `t18`
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
      ) AS `t11`
        ON `t18`.`actor` = `t11`.`m_author` AND `t18`.`ts` = `t11`.`m_at`
    ) AS `t21`
  ) AS `t23`
), `t32` AS (
  SELECT
    `t30`.`content_id`,
    `t10`.`c_id`,
    `t10`.`root`,
    `t10`.`community`
  FROM (
    SELECT DISTINCT
      `t26`.`content_id`
    FROM `t24` AS `t26`
  ) AS `t30`
  INNER JOIN (
    SELECT
      `t2`.`content_id` AS `c_id`,
      `t2`.`root_id` AS `root`,
      `t2`.`community`
    FROM `contents` AS `t2`
  ) AS `t10`
    ON `t30`.`content_id` = `t10`.`c_id`
), `t44` AS (
  SELECT
    `t43`.`o_content`,
    LOWER(`t43`.`topic`) AS `topic`
  FROM (
    SELECT
      `t42`.`content_id` AS `o_content`,
      EXPLODE(`t42`.`tags`) AS `topic`
    FROM (
      SELECT
        *
      FROM (
        SELECT
          `t12`.`content_id`,
          `t12`.`network`,
          `t12`.`source_id`,
          `t12`.`community`,
          `t12`.`kind`,
          `t12`.`author`,
          `t12`.`created_at`,
          `t12`.`parent_id`,
          `t12`.`root_id`,
          `t12`.`title`,
          `t12`.`text`,
          `t12`.`tags`,
          `t12`.`url`,
          `t12`.`views`
        FROM (
          SELECT
            *
          FROM `contents` AS `t2`
          WHERE
            `t2`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
        ) AS `t12`
        LEFT SEMI JOIN (
          SELECT
            *
          FROM (
            SELECT
              `t30`.`content_id` AS `need`
            FROM (
              SELECT DISTINCT
                `t26`.`content_id`
              FROM `t24` AS `t26`
            ) AS `t30`
            INNER JOIN (
              SELECT
                `t2`.`content_id` AS `c_id`,
                `t2`.`root_id` AS `root`,
                `t2`.`community`
              FROM `contents` AS `t2`
            ) AS `t10`
              ON `t30`.`content_id` = `t10`.`c_id`
          ) AS `t33`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t34`.`root` AS `need`
            FROM `t32` AS `t34`
            WHERE
              `t34`.`root` IS NOT NULL
          ) AS `t36`
        ) AS `t40`
          ON `t12`.`content_id` = `t40`.`need`
      ) AS `t41`
      WHERE
        `t41`.`tags` IS NOT NULL
    ) AS `t42`
  ) AS `t43`
  WHERE
    `t43`.`topic` IS NOT NULL AND `t43`.`topic` <> ''
), `t65` AS (
  SELECT
    `t64`.`person_id`,
    `t64`.`topic`,
    `t64`.`value`,
    `t64`.`low`,
    `t64`.`high`,
    `t64`.`rate_7`,
    `t64`.`rate_30`,
    `t64`.`baseline`,
    `t64`.`slope_7`,
    `t64`.`slope_30`,
    `t64`.`share`,
    `t64`.`actions_7d`,
    `t64`.`actions_30d`,
    `t64`.`actions_baseline`,
    ROW_NUMBER() OVER (
      PARTITION BY `t64`.`person_id`
      ORDER BY CASE
        WHEN (
          CAST(ROUND(`t64`.`value`, 9) AS DOUBLE) > 0
        )
        AND NOT (
          STARTSWITH(`t64`.`topic`, 'community:')
        )
        THEN 0
        WHEN CAST(ROUND(`t64`.`value`, 9) AS DOUBLE) > 0
        THEN 1
        ELSE 2
      END ASC NULLS LAST, CAST(ROUND(`t64`.`value`, 9) AS DOUBLE) DESC, `t64`.`topic` ASC NULLS LAST
    ) - 1 AS `_rk`,
    COUNT(`t64`.`topic`) OVER (
      PARTITION BY `t64`.`person_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_topics`
  FROM (
    SELECT
      `t63`.`pid` AS `person_id`,
      `t63`.`topic`,
      (
        `t63`.`a7` / 7.0
      ) * LEAST(COALESCE(`t63`.`a30` / NULLIF(`t31`.`all30`, 0.0), 0.0), 1.0) * (
        GREATEST(
          LN(
            (
              (
                `t63`.`a7` / 7.0
              ) + 0.14285714285714285
            ) / (
              (
                `t63`.`b` / 90.0
              ) + 0.14285714285714285
            )
          ),
          0.0
        ) + 1.0
      ) AS `value`,
      CAST(NULL AS DOUBLE) AS `low`,
      CAST(NULL AS DOUBLE) AS `high`,
      `t63`.`a7` / 7.0 AS `rate_7`,
      `t63`.`a30` / 30.0 AS `rate_30`,
      `t63`.`b` / 90.0 AS `baseline`,
      LN(
        (
          (
            `t63`.`a7` / 7.0
          ) + 0.14285714285714285
        ) / (
          (
            `t63`.`b` / 90.0
          ) + 0.14285714285714285
        )
      ) AS `slope_7`,
      LN(
        (
          (
            `t63`.`a30` / 30.0
          ) + 0.14285714285714285
        ) / (
          (
            `t63`.`b` / 90.0
          ) + 0.14285714285714285
        )
      ) AS `slope_30`,
      LEAST(COALESCE(`t63`.`a30` / NULLIF(`t31`.`all30`, 0.0), 0.0), 1.0) AS `share`,
      `t63`.`a7` AS `actions_7d`,
      `t63`.`a30` AS `actions_30d`,
      `t63`.`b` AS `actions_baseline`
    FROM (
      SELECT
        `t61`.`pid`,
        `t61`.`topic`,
        COALESCE(SUM(`t61`.`a7`), 0.0) AS `a7`,
        COALESCE(SUM(`t61`.`a30`), 0.0) AS `a30`,
        COALESCE(SUM(`t61`.`b`), 0.0) AS `b`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t59`.`actor`,
            `t59`.`topic`,
            `t59`.`a7`,
            `t59`.`a30`,
            `t59`.`b`,
            `t59`.`pid`
          FROM (
            SELECT
              `t58`.`actor`,
              `t58`.`topic`,
              `t58`.`a7`,
              `t58`.`a30`,
              `t58`.`b`,
              `t6`.`_pid_identity`,
              `t6`.`pid`
            FROM (
              SELECT
                `t56`.`actor`,
                `t56`.`topic`,
                SUM(IF(`t56`.`ts` > CAST('2021-08-25T00:00:00+00:00' AS TIMESTAMP), `t56`.`w`, NULL)) AS `a7`,
                SUM(IF(`t56`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), `t56`.`w`, NULL)) AS `a30`,
                SUM(
                  IF(`t56`.`ts` <= CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), `t56`.`w`, NULL)
                ) AS `b`
              FROM (
                SELECT DISTINCT
                  *
                FROM (
                  SELECT
                    `t27`.`e_id`,
                    `t27`.`actor`,
                    `t27`.`ts`,
                    `t27`.`w`,
                    `t54`.`topic`
                  FROM `t24` AS `t27`
                  INNER JOIN (
                    SELECT
                      `t52`.`t_content` AS `content_id`,
                      `t52`.`topic`
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
                              `t30`.`content_id` AS `t_content`,
                              `t46`.`topic`
                            FROM (
                              SELECT DISTINCT
                                `t26`.`content_id`
                              FROM `t24` AS `t26`
                            ) AS `t30`
                            INNER JOIN (
                              SELECT
                                `t2`.`content_id` AS `c_id`,
                                `t2`.`root_id` AS `root`,
                                `t2`.`community`
                              FROM `contents` AS `t2`
                            ) AS `t10`
                              ON `t30`.`content_id` = `t10`.`c_id`
                            INNER JOIN `t44` AS `t46`
                              ON `t30`.`content_id` = `t46`.`o_content`
                          ) AS `t48`
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t39`.`content_id` AS `t_content`,
                              `t47`.`topic`
                            FROM (
                              SELECT
                                *
                              FROM `t32` AS `t34`
                              WHERE
                                `t34`.`root` IS NOT NULL AND `t34`.`root` <> `t34`.`content_id`
                            ) AS `t39`
                            INNER JOIN `t44` AS `t47`
                              ON `t39`.`root` = `t47`.`o_content`
                          ) AS `t49`
                        ) AS `t50`
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            `t34`.`content_id` AS `t_content`,
                            CONCAT('community:', `t34`.`community`) AS `topic`
                          FROM `t32` AS `t34`
                          WHERE
                            `t34`.`community` IS NOT NULL
                        ) AS `t35`
                      ) AS `t51`
                    ) AS `t52`
                  ) AS `t54`
                    ON `t27`.`content_id` = `t54`.`content_id`
                ) AS `t55`
              ) AS `t56`
              GROUP BY
                1,
                2
            ) AS `t58`
            LEFT OUTER JOIN (
              SELECT
                `t0`.`identity_id` AS `_pid_identity`,
                `t0`.`person_id` AS `pid`
              FROM `identities` AS `t0`
            ) AS `t6`
              ON `t58`.`actor` = `t6`.`_pid_identity`
          ) AS `t59`
        ) AS `t60`
        WHERE
          `t60`.`pid` IS NOT NULL
      ) AS `t61`
      GROUP BY
        1,
        2
    ) AS `t63`
    LEFT OUTER JOIN (
      SELECT
        `t25`.`t_pid`,
        SUM(`t25`.`all30`) AS `all30`
      FROM (
        SELECT
          `t22`.`actor`,
          `t22`.`all30`,
          `t22`.`t_pid`
        FROM (
          SELECT
            `t20`.`actor`,
            `t20`.`all30`,
            `t7`.`_t_pid_identity`,
            `t7`.`t_pid`
          FROM (
            SELECT
              `t15`.`actor`,
              SUM(`t15`.`w`) AS `all30`
            FROM (
              SELECT
                `t14`.`event_id` AS `e_id`,
                `t14`.`actor`,
                `t14`.`ts`,
                `t14`.`w`,
                `t14`.`target_content`
              FROM `t13` AS `t14`
              WHERE
                `t14`.`w` > 0 AND `t14`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
            ) AS `t15`
            GROUP BY
              1
          ) AS `t20`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`identity_id` AS `_t_pid_identity`,
              `t0`.`person_id` AS `t_pid`
            FROM `identities` AS `t0`
          ) AS `t7`
            ON `t20`.`actor` = `t7`.`_t_pid_identity`
        ) AS `t22`
      ) AS `t25`
      GROUP BY
        1
    ) AS `t31`
      ON `t63`.`pid` = `t31`.`t_pid`
  ) AS `t64`
)
SELECT
  `t73`.`person_id`,
  `t73`.`score`,
  `t73`.`value`,
  `t73`.`low`,
  `t73`.`high`,
  `t73`.`components`,
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST(`t73`.`_below` AS DOUBLE) + (
              CAST(`t73`.`_equal` AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / `t73`.`_n`
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS `percentile`
FROM (
  SELECT
    `t72`.`person_id`,
    `t72`.`score`,
    `t72`.`value`,
    `t72`.`low`,
    `t72`.`high`,
    `t72`.`components`,
    `t72`.`_key`,
    RANK() OVER (PARTITION BY `t72`.`score` ORDER BY `t72`.`_key` ASC NULLS LAST) - 1 AS `_below`,
    COUNT(`t72`.`person_id`) OVER (
      PARTITION BY `t72`.`score`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_n`,
    COUNT(`t72`.`person_id`) OVER (
      PARTITION BY `t72`.`score`, `t72`.`_key`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_equal`
  FROM (
    SELECT
      `t71`.`person_id`,
      `t71`.`score`,
      `t71`.`value`,
      `t71`.`low`,
      `t71`.`high`,
      `t71`.`components`,
      CAST(ROUND(`t71`.`value`, 9) AS DOUBLE) AS `_key`
    FROM (
      SELECT
        `t68`.`person_id`,
        'engagement' AS `score`,
        `t68`.`value`,
        CAST(NULL AS DOUBLE) AS `low`,
        CAST(NULL AS DOUBLE) AS `high`,
        STRUCT(
          `t68`.`topic` AS `topic`,
          `t68`.`rate_7` AS `rate_7`,
          `t68`.`rate_30` AS `rate_30`,
          `t68`.`baseline` AS `baseline`,
          `t68`.`slope_7` AS `slope_7`,
          `t68`.`slope_30` AS `slope_30`,
          `t68`.`share` AS `share`,
          `t70`.`topic_2` AS `topic_2`,
          `t70`.`topic_3` AS `topic_3`,
          `t68`.`_topics` AS `topics`
        ) AS `components`
      FROM (
        SELECT
          *
        FROM `t65` AS `t66`
        WHERE
          `t66`.`_rk` = 0
      ) AS `t68`
      INNER JOIN (
        SELECT
          `t66`.`person_id` AS `b_person`,
          MAX(IF(`t66`.`_rk` = 1, `t66`.`topic`, NULL)) AS `topic_2`,
          MAX(IF(`t66`.`_rk` = 2, `t66`.`topic`, NULL)) AS `topic_3`
        FROM `t65` AS `t66`
        GROUP BY
          1
      ) AS `t70`
        ON `t68`.`person_id` = `t70`.`b_person`
    ) AS `t71`
  ) AS `t72`
) AS `t73`

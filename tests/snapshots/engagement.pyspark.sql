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
    AND `t1`.`ts` > CAST('2021-05-04T00:00:00+00:00' AS TIMESTAMP)
    AND `t1`.`actor` IS NOT NULL
), `t19` AS (
  SELECT
    `t15`.`o_content`,
    LOWER(`t15`.`topic`) AS `topic`
  FROM (
    SELECT
      `t10`.`content_id` AS `o_content`,
      EXPLODE(`t10`.`tags`) AS `topic`
    FROM (
      SELECT
        *
      FROM `contents` AS `t2`
      WHERE
        `t2`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
        AND `t2`.`tags` IS NOT NULL
    ) AS `t10`
  ) AS `t15`
  WHERE
    `t15`.`topic` IS NOT NULL AND `t15`.`topic` <> ''
), `t30` AS (
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
  ) AS `t18`
  UNION
  SELECT
    *
  FROM (
    SELECT
      CAST(`t26`.`e_id` AS STRING) AS `e_id`,
      `t26`.`actor`,
      CAST(`t26`.`ts` AS TIMESTAMP) AS `ts`,
      CAST(`t26`.`w` AS DOUBLE) AS `w`,
      `t26`.`content_id`
    FROM (
      SELECT
        `t20`.`e_id`,
        `t20`.`actor`,
        `t20`.`ts`,
        `t20`.`w`,
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
      ) AS `t20`
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
        ON `t20`.`actor` = `t11`.`m_author` AND `t20`.`ts` = `t11`.`m_at`
    ) AS `t26`
  ) AS `t28`
), `t37` AS (
  SELECT
    `t36`.`content_id`,
    `t9`.`root`,
    `t9`.`community`
  FROM (
    SELECT DISTINCT
      `t31`.`content_id`
    FROM `t30` AS `t31`
  ) AS `t36`
  INNER JOIN (
    SELECT
      `t2`.`content_id` AS `c_id`,
      `t2`.`root_id` AS `root`,
      `t2`.`community`
    FROM `contents` AS `t2`
  ) AS `t9`
    ON `t36`.`content_id` = `t9`.`c_id`
), `t64` AS (
  SELECT
    `t63`.`person_id`,
    `t63`.`score`,
    `t63`.`value`,
    `t63`.`low`,
    `t63`.`high`,
    `t63`.`components`,
    CAST(ROUND(`t63`.`value`, 9) AS DOUBLE) AS `_key`
  FROM (
    SELECT
      `t58`.`pid` AS `person_id`,
      'engagement' AS `score`,
      (
        `t58`.`a7` / 7.0
      ) * LEAST(COALESCE(`t58`.`a30` / NULLIF(`t35`.`all30`, 0.0), 0.0), 1.0) * (
        GREATEST(
          LN(
            (
              (
                `t58`.`a7` / 7.0
              ) + 0.14285714285714285
            ) / (
              (
                `t58`.`b` / 90.0
              ) + 0.14285714285714285
            )
          ),
          0.0
        ) + 1.0
      ) AS `value`,
      CAST(NULL AS DOUBLE) AS `low`,
      CAST(NULL AS DOUBLE) AS `high`,
      STRUCT(
        `t58`.`topic` AS `topic`,
        `t58`.`a7` / 7.0 AS `rate_7`,
        `t58`.`a30` / 30.0 AS `rate_30`,
        `t58`.`b` / 90.0 AS `baseline`,
        LN(
          (
            (
              `t58`.`a7` / 7.0
            ) + 0.14285714285714285
          ) / (
            (
              `t58`.`b` / 90.0
            ) + 0.14285714285714285
          )
        ) AS `slope_7`,
        LN(
          (
            (
              `t58`.`a30` / 30.0
            ) + 0.14285714285714285
          ) / (
            (
              `t58`.`b` / 90.0
            ) + 0.14285714285714285
          )
        ) AS `slope_30`,
        LEAST(COALESCE(`t58`.`a30` / NULLIF(`t35`.`all30`, 0.0), 0.0), 1.0) AS `share`,
        `t62`.`topic_2` AS `topic_2`,
        `t62`.`topic_3` AS `topic_3`,
        `t62`.`_topics` AS `topics`
      ) AS `components`
    FROM (
      SELECT
        `t56`.`pid`,
        `t56`.`topic`,
        COALESCE(IF(`t56`.`n_a7` > 0, `t56`.`a7`, 0.0), 0.0) AS `a7`,
        COALESCE(IF(`t56`.`n_a30` > 0, `t56`.`a30`, 0.0), 0.0) AS `a30`,
        COALESCE(IF(`t56`.`n_b` > 0, `t56`.`b`, 0.0), 0.0) AS `b`
      FROM (
        SELECT
          `t55`.`actor`,
          `t55`.`topic`,
          `t55`.`a7`,
          `t55`.`a30`,
          `t55`.`b`,
          `t55`.`n_a7`,
          `t55`.`n_a30`,
          `t55`.`n_b`,
          `t55`.`pid`
        FROM (
          SELECT
            `t54`.`actor`,
            `t54`.`topic`,
            `t54`.`a7`,
            `t54`.`a30`,
            `t54`.`b`,
            `t54`.`n_a7`,
            `t54`.`n_a30`,
            `t54`.`n_b`,
            `t6`.`_pid_identity`,
            `t6`.`pid`
          FROM (
            SELECT
              `t52`.`actor`,
              `t52`.`topic`,
              CAST(SUM(`t52`.`a7`) AS DOUBLE) AS `a7`,
              CAST(SUM(`t52`.`a30`) AS DOUBLE) AS `a30`,
              CAST(SUM(`t52`.`b`) AS DOUBLE) AS `b`,
              CAST(SUM(`t52`.`n_a7`) AS BIGINT) AS `n_a7`,
              CAST(SUM(`t52`.`n_a30`) AS BIGINT) AS `n_a30`,
              CAST(SUM(`t52`.`n_b`) AS BIGINT) AS `n_b`
            FROM (
              SELECT
                `t51`.`actor`,
                `t51`.`topic`,
                IF(`t51`.`ts` > CAST('2021-08-25T00:00:00+00:00' AS TIMESTAMP), `t51`.`w`, 0.0) AS `a7`,
                IF(`t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), `t51`.`w`, 0.0) AS `a30`,
                IF(
                  NOT (
                    `t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
                  )
                  AND (
                    `t51`.`ts` > CAST('2021-05-04T00:00:00+00:00' AS TIMESTAMP)
                  ),
                  `t51`.`w`,
                  0.0
                ) AS `b`,
                CAST(IF(`t51`.`ts` > CAST('2021-08-25T00:00:00+00:00' AS TIMESTAMP), 1, 0) AS BIGINT) AS `n_a7`,
                CAST(IF(`t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), 1, 0) AS BIGINT) AS `n_a30`,
                CAST(IF(
                  NOT (
                    `t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
                  )
                  AND (
                    `t51`.`ts` > CAST('2021-05-04T00:00:00+00:00' AS TIMESTAMP)
                  ),
                  1,
                  0
                ) AS BIGINT) AS `n_b`
              FROM (
                SELECT
                  *
                FROM (
                  SELECT DISTINCT
                    *
                  FROM (
                    SELECT
                      `t32`.`e_id`,
                      `t32`.`actor`,
                      `t32`.`ts`,
                      `t32`.`w`,
                      `t48`.`topic`
                    FROM `t30` AS `t32`
                    INNER JOIN (
                      SELECT
                        `t46`.`t_content` AS `content_id`,
                        `t46`.`topic`
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
                                `t36`.`content_id` AS `t_content`,
                                `t23`.`topic`
                              FROM (
                                SELECT DISTINCT
                                  `t31`.`content_id`
                                FROM `t30` AS `t31`
                              ) AS `t36`
                              INNER JOIN (
                                SELECT
                                  `t2`.`content_id` AS `c_id`,
                                  `t2`.`root_id` AS `root`,
                                  `t2`.`community`
                                FROM `contents` AS `t2`
                              ) AS `t9`
                                ON `t36`.`content_id` = `t9`.`c_id`
                              INNER JOIN `t19` AS `t23`
                                ON `t36`.`content_id` = `t23`.`o_content`
                            ) AS `t38`
                            UNION ALL
                            SELECT
                              *
                            FROM (
                              SELECT
                                `t42`.`content_id` AS `t_content`,
                                `t24`.`topic`
                              FROM (
                                SELECT
                                  *
                                FROM `t37` AS `t39`
                                WHERE
                                  `t39`.`root` IS NOT NULL AND `t39`.`root` <> `t39`.`content_id`
                              ) AS `t42`
                              INNER JOIN `t19` AS `t24`
                                ON `t42`.`root` = `t24`.`o_content`
                            ) AS `t43`
                          ) AS `t44`
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              `t39`.`content_id` AS `t_content`,
                              CONCAT('community:', `t39`.`community`) AS `topic`
                            FROM `t37` AS `t39`
                            WHERE
                              `t39`.`community` IS NOT NULL
                          ) AS `t40`
                        ) AS `t45`
                      ) AS `t46`
                    ) AS `t48`
                      ON `t32`.`content_id` = `t48`.`content_id`
                  ) AS `t49`
                ) AS `t50`
                ORDER BY
                  `t50`.`ts` ASC NULLS LAST
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
          ) AS `t6`
            ON `t54`.`actor` = `t6`.`_pid_identity`
        ) AS `t55`
      ) AS `t56`
      WHERE
        `t56`.`pid` IS NOT NULL
        AND (
          (
            `t56`.`n_a30` > 0
          ) OR (
            `t56`.`n_b` > 0
          )
        )
    ) AS `t58`
    LEFT OUTER JOIN (
      SELECT
        `t29`.`t_pid`,
        SUM(`t29`.`all30`) AS `all30`
      FROM (
        SELECT
          `t27`.`actor`,
          `t27`.`all30`,
          `t27`.`t_pid`
        FROM (
          SELECT
            `t25`.`actor`,
            `t25`.`all30`,
            `t7`.`_t_pid_identity`,
            `t7`.`t_pid`
          FROM (
            SELECT
              `t16`.`actor`,
              SUM(`t16`.`w`) AS `all30`
            FROM (
              SELECT
                `t12`.`event_id` AS `e_id`,
                `t12`.`actor`,
                `t12`.`ts`,
                `t12`.`w`,
                `t12`.`target_content`
              FROM (
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
                  AND `t1`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
                  AND `t1`.`actor` IS NOT NULL
              ) AS `t12`
              WHERE
                `t12`.`w` > 0
            ) AS `t16`
            GROUP BY
              1
          ) AS `t25`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`identity_id` AS `_t_pid_identity`,
              `t0`.`person_id` AS `t_pid`
            FROM `identities` AS `t0`
          ) AS `t7`
            ON `t25`.`actor` = `t7`.`_t_pid_identity`
        ) AS `t27`
      ) AS `t29`
      GROUP BY
        1
    ) AS `t35`
      ON `t58`.`pid` = `t35`.`t_pid`
    INNER JOIN (
      SELECT
        `t60`.`person_id` AS `b_person`,
        MAX(IF(`t60`.`_rk` = 0, `t60`.`topic`, NULL)) AS `b_topic`,
        MAX(IF(`t60`.`_rk` = 1, `t60`.`topic`, NULL)) AS `topic_2`,
        MAX(IF(`t60`.`_rk` = 2, `t60`.`topic`, NULL)) AS `topic_3`,
        COUNT(*) AS `_topics`
      FROM (
        SELECT
          `t59`.`person_id`,
          `t59`.`topic`,
          ROW_NUMBER() OVER (
            PARTITION BY HASH(`t59`.`person_id`), `t59`.`person_id`
            ORDER BY CASE
              WHEN (
                CAST(ROUND(`t59`.`value`, 9) AS DOUBLE) > 0
              )
              AND NOT (
                STARTSWITH(`t59`.`topic`, 'community:')
              )
              THEN 0
              WHEN CAST(ROUND(`t59`.`value`, 9) AS DOUBLE) > 0
              THEN 1
              ELSE 2
            END ASC NULLS LAST, CAST(ROUND(`t59`.`value`, 9) AS DOUBLE) DESC, `t59`.`topic` ASC NULLS LAST
          ) - 1 AS `_rk`
        FROM (
          SELECT
            `t58`.`pid` AS `person_id`,
            `t58`.`topic`,
            (
              `t58`.`a7` / 7.0
            ) * LEAST(COALESCE(`t58`.`a30` / NULLIF(`t35`.`all30`, 0.0), 0.0), 1.0) * (
              GREATEST(
                LN(
                  (
                    (
                      `t58`.`a7` / 7.0
                    ) + 0.14285714285714285
                  ) / (
                    (
                      `t58`.`b` / 90.0
                    ) + 0.14285714285714285
                  )
                ),
                0.0
              ) + 1.0
            ) AS `value`,
            CAST(NULL AS DOUBLE) AS `low`,
            CAST(NULL AS DOUBLE) AS `high`,
            `t58`.`a7` / 7.0 AS `rate_7`,
            `t58`.`a30` / 30.0 AS `rate_30`,
            `t58`.`b` / 90.0 AS `baseline`,
            LN(
              (
                (
                  `t58`.`a7` / 7.0
                ) + 0.14285714285714285
              ) / (
                (
                  `t58`.`b` / 90.0
                ) + 0.14285714285714285
              )
            ) AS `slope_7`,
            LN(
              (
                (
                  `t58`.`a30` / 30.0
                ) + 0.14285714285714285
              ) / (
                (
                  `t58`.`b` / 90.0
                ) + 0.14285714285714285
              )
            ) AS `slope_30`,
            LEAST(COALESCE(`t58`.`a30` / NULLIF(`t35`.`all30`, 0.0), 0.0), 1.0) AS `share`,
            `t58`.`a7` AS `actions_7d`,
            `t58`.`a30` AS `actions_30d`,
            `t58`.`b` AS `actions_baseline`
          FROM (
            SELECT
              `t56`.`pid`,
              `t56`.`topic`,
              COALESCE(IF(`t56`.`n_a7` > 0, `t56`.`a7`, 0.0), 0.0) AS `a7`,
              COALESCE(IF(`t56`.`n_a30` > 0, `t56`.`a30`, 0.0), 0.0) AS `a30`,
              COALESCE(IF(`t56`.`n_b` > 0, `t56`.`b`, 0.0), 0.0) AS `b`
            FROM (
              SELECT
                `t55`.`actor`,
                `t55`.`topic`,
                `t55`.`a7`,
                `t55`.`a30`,
                `t55`.`b`,
                `t55`.`n_a7`,
                `t55`.`n_a30`,
                `t55`.`n_b`,
                `t55`.`pid`
              FROM (
                SELECT
                  `t54`.`actor`,
                  `t54`.`topic`,
                  `t54`.`a7`,
                  `t54`.`a30`,
                  `t54`.`b`,
                  `t54`.`n_a7`,
                  `t54`.`n_a30`,
                  `t54`.`n_b`,
                  `t6`.`_pid_identity`,
                  `t6`.`pid`
                FROM (
                  SELECT
                    `t52`.`actor`,
                    `t52`.`topic`,
                    CAST(SUM(`t52`.`a7`) AS DOUBLE) AS `a7`,
                    CAST(SUM(`t52`.`a30`) AS DOUBLE) AS `a30`,
                    CAST(SUM(`t52`.`b`) AS DOUBLE) AS `b`,
                    CAST(SUM(`t52`.`n_a7`) AS BIGINT) AS `n_a7`,
                    CAST(SUM(`t52`.`n_a30`) AS BIGINT) AS `n_a30`,
                    CAST(SUM(`t52`.`n_b`) AS BIGINT) AS `n_b`
                  FROM (
                    SELECT
                      `t51`.`actor`,
                      `t51`.`topic`,
                      IF(`t51`.`ts` > CAST('2021-08-25T00:00:00+00:00' AS TIMESTAMP), `t51`.`w`, 0.0) AS `a7`,
                      IF(`t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), `t51`.`w`, 0.0) AS `a30`,
                      IF(
                        NOT (
                          `t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
                        )
                        AND (
                          `t51`.`ts` > CAST('2021-05-04T00:00:00+00:00' AS TIMESTAMP)
                        ),
                        `t51`.`w`,
                        0.0
                      ) AS `b`,
                      CAST(IF(`t51`.`ts` > CAST('2021-08-25T00:00:00+00:00' AS TIMESTAMP), 1, 0) AS BIGINT) AS `n_a7`,
                      CAST(IF(`t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP), 1, 0) AS BIGINT) AS `n_a30`,
                      CAST(IF(
                        NOT (
                          `t51`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
                        )
                        AND (
                          `t51`.`ts` > CAST('2021-05-04T00:00:00+00:00' AS TIMESTAMP)
                        ),
                        1,
                        0
                      ) AS BIGINT) AS `n_b`
                    FROM (
                      SELECT
                        *
                      FROM (
                        SELECT DISTINCT
                          *
                        FROM (
                          SELECT
                            `t32`.`e_id`,
                            `t32`.`actor`,
                            `t32`.`ts`,
                            `t32`.`w`,
                            `t48`.`topic`
                          FROM `t30` AS `t32`
                          INNER JOIN (
                            SELECT
                              `t46`.`t_content` AS `content_id`,
                              `t46`.`topic`
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
                                      `t36`.`content_id` AS `t_content`,
                                      `t23`.`topic`
                                    FROM (
                                      SELECT DISTINCT
                                        `t31`.`content_id`
                                      FROM `t30` AS `t31`
                                    ) AS `t36`
                                    INNER JOIN (
                                      SELECT
                                        `t2`.`content_id` AS `c_id`,
                                        `t2`.`root_id` AS `root`,
                                        `t2`.`community`
                                      FROM `contents` AS `t2`
                                    ) AS `t9`
                                      ON `t36`.`content_id` = `t9`.`c_id`
                                    INNER JOIN `t19` AS `t23`
                                      ON `t36`.`content_id` = `t23`.`o_content`
                                  ) AS `t38`
                                  UNION ALL
                                  SELECT
                                    *
                                  FROM (
                                    SELECT
                                      `t42`.`content_id` AS `t_content`,
                                      `t24`.`topic`
                                    FROM (
                                      SELECT
                                        *
                                      FROM `t37` AS `t39`
                                      WHERE
                                        `t39`.`root` IS NOT NULL AND `t39`.`root` <> `t39`.`content_id`
                                    ) AS `t42`
                                    INNER JOIN `t19` AS `t24`
                                      ON `t42`.`root` = `t24`.`o_content`
                                  ) AS `t43`
                                ) AS `t44`
                                UNION ALL
                                SELECT
                                  *
                                FROM (
                                  SELECT
                                    `t39`.`content_id` AS `t_content`,
                                    CONCAT('community:', `t39`.`community`) AS `topic`
                                  FROM `t37` AS `t39`
                                  WHERE
                                    `t39`.`community` IS NOT NULL
                                ) AS `t40`
                              ) AS `t45`
                            ) AS `t46`
                          ) AS `t48`
                            ON `t32`.`content_id` = `t48`.`content_id`
                        ) AS `t49`
                      ) AS `t50`
                      ORDER BY
                        `t50`.`ts` ASC NULLS LAST
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
                ) AS `t6`
                  ON `t54`.`actor` = `t6`.`_pid_identity`
              ) AS `t55`
            ) AS `t56`
            WHERE
              `t56`.`pid` IS NOT NULL
              AND (
                (
                  `t56`.`n_a30` > 0
                ) OR (
                  `t56`.`n_b` > 0
                )
              )
          ) AS `t58`
          LEFT OUTER JOIN (
            SELECT
              `t29`.`t_pid`,
              SUM(`t29`.`all30`) AS `all30`
            FROM (
              SELECT
                `t27`.`actor`,
                `t27`.`all30`,
                `t27`.`t_pid`
              FROM (
                SELECT
                  `t25`.`actor`,
                  `t25`.`all30`,
                  `t7`.`_t_pid_identity`,
                  `t7`.`t_pid`
                FROM (
                  SELECT
                    `t16`.`actor`,
                    SUM(`t16`.`w`) AS `all30`
                  FROM (
                    SELECT
                      `t12`.`event_id` AS `e_id`,
                      `t12`.`actor`,
                      `t12`.`ts`,
                      `t12`.`w`,
                      `t12`.`target_content`
                    FROM (
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
                        AND `t1`.`ts` > CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
                        AND `t1`.`actor` IS NOT NULL
                    ) AS `t12`
                    WHERE
                      `t12`.`w` > 0
                  ) AS `t16`
                  GROUP BY
                    1
                ) AS `t25`
                LEFT OUTER JOIN (
                  SELECT
                    `t0`.`identity_id` AS `_t_pid_identity`,
                    `t0`.`person_id` AS `t_pid`
                  FROM `identities` AS `t0`
                ) AS `t7`
                  ON `t25`.`actor` = `t7`.`_t_pid_identity`
              ) AS `t27`
            ) AS `t29`
            GROUP BY
              1
          ) AS `t35`
            ON `t58`.`pid` = `t35`.`t_pid`
        ) AS `t59`
      ) AS `t60`
      GROUP BY
        1
    ) AS `t62`
      ON `t58`.`pid` = `t62`.`b_person` AND `t58`.`topic` = `t62`.`b_topic`
  ) AS `t63`
)
SELECT
  `t71`.`person_id`,
  `t71`.`score`,
  `t71`.`value`,
  `t71`.`low`,
  `t71`.`high`,
  `t71`.`components`,
  `t71`.`percentile`
FROM (
  SELECT
    `t66`.`person_id`,
    `t66`.`score`,
    `t66`.`value`,
    `t66`.`low`,
    `t66`.`high`,
    `t66`.`components`,
    `t66`.`_key`,
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST(`t70`.`_below` AS DOUBLE) + (
                CAST(`t70`.`_equal` AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST(`t70`.`_n` AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS `percentile`
  FROM `t64` AS `t66`
  INNER JOIN (
    SELECT
      `t68`.`score` AS `_k_score`,
      `t68`.`_key`,
      `t68`.`_equal`,
      `t68`.`_below`,
      `t68`.`_n`
    FROM (
      SELECT
        `t67`.`score`,
        `t67`.`_key`,
        `t67`.`_equal`,
        SUM(`t67`.`_equal`) OVER (
          PARTITION BY `t67`.`score`
          ORDER BY `t67`.`_key` ASC NULLS LAST
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - `t67`.`_equal` AS `_below`,
        SUM(`t67`.`_equal`) OVER (
          PARTITION BY `t67`.`score`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `_n`
      FROM (
        SELECT
          `t65`.`score`,
          `t65`.`_key`,
          COUNT(*) AS `_equal`
        FROM `t64` AS `t65`
        GROUP BY
          1,
          2
      ) AS `t67`
    ) AS `t68`
  ) AS `t70`
    ON `t66`.`score` = `t70`.`_k_score` AND `t66`.`_key` = `t70`.`_key`
) AS `t71`

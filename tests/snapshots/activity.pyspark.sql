WITH `t26` AS (
  SELECT
    `t25`.`person_id`,
    `t25`.`score`,
    `t25`.`value`,
    `t25`.`low`,
    `t25`.`high`,
    `t25`.`components`,
    CAST(ROUND(`t25`.`value`, 9) AS DOUBLE) AS `_key`
  FROM (
    SELECT
      `t17`.`person_id`,
      'activity' AS `score`,
      COALESCE(`t24`.`activity`, 0.0) AS `value`,
      CAST(NULL AS DOUBLE) AS `low`,
      CAST(NULL AS DOUBLE) AS `high`,
      STRUCT(
        COALESCE(`t24`.`events`, 0) AS `events`,
        COALESCE(`t24`.`recent_30d`, 0) AS `recent_30d`,
        CAST(DATEDIFF(
          MILLISECOND,
          CAST(`t24`.`last_ts` AS TIMESTAMP),
          CAST('2021-09-01T00:00:00' AS TIMESTAMP)
        ) AS DOUBLE) / 86400000.0 AS `days_since_last`
      ) AS `components`
    FROM (
      SELECT DISTINCT
        `t15`.`person_id`
      FROM (
        SELECT
          `t10`.`identity`,
          `t6`.`_person_id_identity`,
          `t6`.`person_id`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t0`.`actor` AS `identity`
            FROM `events` AS `t0`
            WHERE
              `t0`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
              AND `t0`.`actor` IS NOT NULL
          ) AS `t4`
          UNION
          SELECT
            *
          FROM (
            SELECT
              `t0`.`target_person` AS `identity`
            FROM `events` AS `t0`
            WHERE
              `t0`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
              AND `t0`.`target_person` IS NOT NULL
          ) AS `t5`
        ) AS `t10`
        LEFT OUTER JOIN (
          SELECT
            `t1`.`identity_id` AS `_person_id_identity`,
            `t1`.`person_id`
          FROM `identities` AS `t1`
        ) AS `t6`
          ON `t10`.`identity` = `t6`.`_person_id_identity`
      ) AS `t15`
      WHERE
        `t15`.`person_id` IS NOT NULL
    ) AS `t17`
    LEFT OUTER JOIN (
      SELECT
        `t22`.`pid`,
        SUM(`t22`.`activity`) AS `activity`,
        SUM(`t22`.`events`) AS `events`,
        SUM(COALESCE(`t22`.`recent_30d`, 0)) AS `recent_30d`,
        MAX(`t22`.`last_ts`) AS `last_ts`
      FROM (
        SELECT
          `t21`.`actor`,
          `t21`.`a`,
          `t21`.`events`,
          `t21`.`last_ts`,
          `t21`.`activity`,
          `t21`.`r_actor`,
          `t21`.`recent_30d`,
          `t21`.`pid`
        FROM (
          SELECT
            `t20`.`actor`,
            `t20`.`a`,
            `t20`.`events`,
            `t20`.`last_ts`,
            `t20`.`activity`,
            `t14`.`r_actor`,
            `t14`.`recent_30d`,
            `t7`.`_pid_identity`,
            `t7`.`pid`
          FROM (
            SELECT
              `t18`.`actor`,
              `t18`.`a`,
              `t18`.`events`,
              `t18`.`last_ts`,
              `t18`.`a` * 1.0 AS `activity`
            FROM (
              SELECT
                `t12`.`actor`,
                SUM(
                  `t12`.`w` * EXP(
                    (
                      CAST(DATEDIFF(MILLISECOND, CAST(`t12`.`ts` AS TIMESTAMP), CAST('2021-09-01T00:00:00' AS TIMESTAMP)) AS DOUBLE) / 86400000.0
                    ) * -0.049510512897138946
                  )
                ) AS `a`,
                COUNT(*) AS `events`,
                MAX(`t12`.`ts`) AS `last_ts`
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t0`.`event_id`,
                    `t0`.`network`,
                    `t0`.`source_id`,
                    `t0`.`community`,
                    `t0`.`kind`,
                    `t0`.`subkind`,
                    `t0`.`actor`,
                    `t0`.`target_person`,
                    `t0`.`target_content`,
                    `t0`.`ts`,
                    `t0`.`value`,
                    CASE
                      WHEN `t0`.`kind` = 'accept'
                      THEN 0.2
                      WHEN `t0`.`kind` = 'adopt'
                      THEN 0.5
                      WHEN `t0`.`kind` = 'comment'
                      THEN 0.5
                      WHEN `t0`.`kind` = 'edit'
                      THEN 0.2
                      WHEN `t0`.`kind` = 'mention'
                      THEN 0.3
                      WHEN `t0`.`kind` = 'moderation'
                      THEN 0.2
                      WHEN `t0`.`kind` = 'post'
                      THEN 1.0
                      WHEN `t0`.`kind` = 'quote'
                      THEN 0.8
                      WHEN `t0`.`kind` = 'reaction'
                      THEN 0.1
                      WHEN `t0`.`kind` = 'reply'
                      THEN 1.0
                      WHEN `t0`.`kind` = 'reshare'
                      THEN 0.5
                      ELSE 0.0
                    END AS `w`
                  FROM `events` AS `t0`
                  WHERE
                    `t0`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                    AND `t0`.`actor` IS NOT NULL
                ) AS `t9`
                WHERE
                  `t9`.`w` > 0
              ) AS `t12`
              GROUP BY
                1
            ) AS `t18`
          ) AS `t20`
          LEFT OUTER JOIN (
            SELECT
              `t11`.`actor` AS `r_actor`,
              COUNT(*) AS `recent_30d`
            FROM (
              SELECT
                *
              FROM `events` AS `t0`
              WHERE
                `t0`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                AND `t0`.`actor` IS NOT NULL
                AND `t0`.`ts` >= CAST('2021-08-02T00:00:00+00:00' AS TIMESTAMP)
                AND CASE
                  WHEN `t0`.`kind` = 'accept'
                  THEN 0.2
                  WHEN `t0`.`kind` = 'adopt'
                  THEN 0.5
                  WHEN `t0`.`kind` = 'comment'
                  THEN 0.5
                  WHEN `t0`.`kind` = 'edit'
                  THEN 0.2
                  WHEN `t0`.`kind` = 'mention'
                  THEN 0.3
                  WHEN `t0`.`kind` = 'moderation'
                  THEN 0.2
                  WHEN `t0`.`kind` = 'post'
                  THEN 1.0
                  WHEN `t0`.`kind` = 'quote'
                  THEN 0.8
                  WHEN `t0`.`kind` = 'reaction'
                  THEN 0.1
                  WHEN `t0`.`kind` = 'reply'
                  THEN 1.0
                  WHEN `t0`.`kind` = 'reshare'
                  THEN 0.5
                  ELSE 0.0
                END > 0
            ) AS `t11`
            GROUP BY
              1
          ) AS `t14`
            ON `t20`.`actor` = `t14`.`r_actor`
          LEFT OUTER JOIN (
            SELECT
              `t1`.`identity_id` AS `_pid_identity`,
              `t1`.`person_id` AS `pid`
            FROM `identities` AS `t1`
          ) AS `t7`
            ON `t20`.`actor` = `t7`.`_pid_identity`
        ) AS `t21`
      ) AS `t22`
      GROUP BY
        1
    ) AS `t24`
      ON `t17`.`person_id` = `t24`.`pid`
  ) AS `t25`
)
SELECT
  `t33`.`person_id`,
  `t33`.`score`,
  `t33`.`value`,
  `t33`.`low`,
  `t33`.`high`,
  `t33`.`components`,
  `t33`.`percentile`
FROM (
  SELECT
    `t28`.`person_id`,
    `t28`.`score`,
    `t28`.`value`,
    `t28`.`low`,
    `t28`.`high`,
    `t28`.`components`,
    `t28`.`_key`,
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST(`t32`.`_below` AS DOUBLE) + (
                CAST(`t32`.`_equal` AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST(`t32`.`_n` AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS `percentile`
  FROM `t26` AS `t28`
  INNER JOIN (
    SELECT
      `t30`.`score` AS `_k_score`,
      `t30`.`_key`,
      `t30`.`_equal`,
      `t30`.`_below`,
      `t30`.`_n`
    FROM (
      SELECT
        `t29`.`score`,
        `t29`.`_key`,
        `t29`.`_equal`,
        SUM(`t29`.`_equal`) OVER (
          PARTITION BY `t29`.`score`
          ORDER BY `t29`.`_key` ASC NULLS LAST
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - `t29`.`_equal` AS `_below`,
        SUM(`t29`.`_equal`) OVER (
          PARTITION BY `t29`.`score`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `_n`
      FROM (
        SELECT
          `t27`.`score`,
          `t27`.`_key`,
          COUNT(*) AS `_equal`
        FROM `t26` AS `t27`
        GROUP BY
          1,
          2
      ) AS `t29`
    ) AS `t30`
  ) AS `t32`
    ON `t28`.`score` = `t32`.`_k_score` AND `t28`.`_key` = `t32`.`_key`
) AS `t33`

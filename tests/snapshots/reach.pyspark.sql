WITH `t38` AS (
  SELECT
    `t37`.`person_id`,
    `t37`.`score`,
    `t37`.`value`,
    `t37`.`low`,
    `t37`.`high`,
    `t37`.`components`,
    CAST(ROUND(`t37`.`value`, 9) AS DOUBLE) AS `_key`
  FROM (
    SELECT
      `t29`.`person_id`,
      'reach' AS `score`,
      CAST(COALESCE(`t36`.`reach`, 0) AS DOUBLE) AS `value`,
      CAST(NULL AS DOUBLE) AS `low`,
      CAST(NULL AS DOUBLE) AS `high`,
      STRUCT(
        COALESCE(`t36`.`engagements`, 0) AS `engagements`,
        COALESCE(`t31`.`anonymous`, 0) AS `anonymous`,
        `t15`.`followers` AS `followers`
      ) AS `components`
    FROM (
      SELECT DISTINCT
        `t22`.`person_id`
      FROM (
        SELECT
          `t17`.`identity`,
          `t7`.`_person_id_identity`,
          `t7`.`person_id`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t1`.`actor` AS `identity`
            FROM `events` AS `t1`
            WHERE
              `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
              AND `t1`.`actor` IS NOT NULL
          ) AS `t11`
          UNION
          SELECT
            *
          FROM (
            SELECT
              `t1`.`target_person` AS `identity`
            FROM `events` AS `t1`
            WHERE
              `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
              AND `t1`.`target_person` IS NOT NULL
          ) AS `t12`
        ) AS `t17`
        LEFT OUTER JOIN (
          SELECT
            `t0`.`identity_id` AS `_person_id_identity`,
            `t0`.`person_id`
          FROM `identities` AS `t0`
        ) AS `t7`
          ON `t17`.`identity` = `t7`.`_person_id_identity`
      ) AS `t22`
      WHERE
        `t22`.`person_id` IS NOT NULL
    ) AS `t29`
    LEFT OUTER JOIN (
      SELECT
        `t34`.`target_pid`,
        COUNT(*) AS `reach`,
        SUM(`t34`.`n`) AS `engagements`
      FROM (
        SELECT
          `t33`.`actor`,
          `t33`.`target_person`,
          `t33`.`n`,
          `t33`.`actor_pid`,
          `t33`.`target_pid`,
          COALESCE(`t33`.`actor_pid`, `t33`.`actor`) AS `engager`
        FROM (
          SELECT
            `t32`.`actor`,
            `t32`.`target_person`,
            `t32`.`n`,
            `t32`.`actor_pid`,
            `t32`.`target_pid`
          FROM (
            SELECT
              `t28`.`actor`,
              `t28`.`target_person`,
              `t28`.`n`,
              `t28`.`actor_pid`,
              `t9`.`_target_pid_identity`,
              `t9`.`target_pid`
            FROM (
              SELECT
                `t24`.`actor`,
                `t24`.`target_person`,
                `t24`.`n`,
                `t24`.`actor_pid`
              FROM (
                SELECT
                  `t21`.`actor`,
                  `t21`.`target_person`,
                  `t21`.`n`,
                  `t10`.`_actor_pid_identity`,
                  `t10`.`actor_pid`
                FROM (
                  SELECT
                    `t14`.`actor`,
                    `t14`.`target_person`,
                    COUNT(*) AS `n`
                  FROM (
                    SELECT
                      *
                    FROM `events` AS `t1`
                    WHERE
                      `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                      AND `t1`.`kind` IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
                      AND `t1`.`ts` > CAST('2021-06-03T00:00:00+00:00' AS TIMESTAMP)
                      AND `t1`.`target_person` IS NOT NULL
                      AND `t1`.`actor` IS NOT NULL
                  ) AS `t14`
                  GROUP BY
                    1,
                    2
                ) AS `t21`
                LEFT OUTER JOIN (
                  SELECT
                    `t0`.`identity_id` AS `_actor_pid_identity`,
                    `t0`.`person_id` AS `actor_pid`
                  FROM `identities` AS `t0`
                ) AS `t10`
                  ON `t21`.`actor` = `t10`.`_actor_pid_identity`
              ) AS `t24`
            ) AS `t28`
            LEFT OUTER JOIN (
              SELECT
                `t0`.`identity_id` AS `_target_pid_identity`,
                `t0`.`person_id` AS `target_pid`
              FROM `identities` AS `t0`
            ) AS `t9`
              ON `t28`.`target_person` = `t9`.`_target_pid_identity`
          ) AS `t32`
        ) AS `t33`
        WHERE
          `t33`.`target_pid` IS NOT NULL
          AND COALESCE(`t33`.`actor_pid`, `t33`.`actor`) <> `t33`.`target_pid`
      ) AS `t34`
      GROUP BY
        1
    ) AS `t36`
      ON `t29`.`person_id` = `t36`.`target_pid`
    LEFT OUTER JOIN (
      SELECT
        `t27`.`anon_pid`,
        SUM(`t27`.`n`) AS `anonymous`
      FROM (
        SELECT
          `t23`.`target_person`,
          `t23`.`n`,
          `t23`.`anon_pid`
        FROM (
          SELECT
            `t20`.`target_person`,
            `t20`.`n`,
            `t8`.`_anon_pid_identity`,
            `t8`.`anon_pid`
          FROM (
            SELECT
              `t13`.`target_person`,
              COUNT(*) AS `n`
            FROM (
              SELECT
                *
              FROM `events` AS `t1`
              WHERE
                `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                AND `t1`.`kind` IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
                AND `t1`.`ts` > CAST('2021-06-03T00:00:00+00:00' AS TIMESTAMP)
                AND `t1`.`target_person` IS NOT NULL
                AND `t1`.`actor` IS NULL
            ) AS `t13`
            GROUP BY
              1
          ) AS `t20`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`identity_id` AS `_anon_pid_identity`,
              `t0`.`person_id` AS `anon_pid`
            FROM `identities` AS `t0`
          ) AS `t8`
            ON `t20`.`target_person` = `t8`.`_anon_pid_identity`
        ) AS `t23`
      ) AS `t27`
      GROUP BY
        1
    ) AS `t31`
      ON `t29`.`person_id` = `t31`.`anon_pid`
    LEFT OUTER JOIN (
      SELECT
        `t0`.`person_id` AS `fol_pid`,
        MAX(`t0`.`followers`) AS `followers`
      FROM `identities` AS `t0`
      GROUP BY
        1
    ) AS `t15`
      ON `t29`.`person_id` = `t15`.`fol_pid`
  ) AS `t37`
)
SELECT
  `t45`.`person_id`,
  `t45`.`score`,
  `t45`.`value`,
  `t45`.`low`,
  `t45`.`high`,
  `t45`.`components`,
  `t45`.`percentile`
FROM (
  SELECT
    `t40`.`person_id`,
    `t40`.`score`,
    `t40`.`value`,
    `t40`.`low`,
    `t40`.`high`,
    `t40`.`components`,
    `t40`.`_key`,
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST(`t44`.`_below` AS DOUBLE) + (
                CAST(`t44`.`_equal` AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST(`t44`.`_n` AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS `percentile`
  FROM `t38` AS `t40`
  INNER JOIN (
    SELECT
      `t42`.`score` AS `_k_score`,
      `t42`.`_key`,
      `t42`.`_equal`,
      `t42`.`_below`,
      `t42`.`_n`
    FROM (
      SELECT
        `t41`.`score`,
        `t41`.`_key`,
        `t41`.`_equal`,
        SUM(`t41`.`_equal`) OVER (
          PARTITION BY `t41`.`score`
          ORDER BY `t41`.`_key` ASC NULLS LAST
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - `t41`.`_equal` AS `_below`,
        SUM(`t41`.`_equal`) OVER (
          PARTITION BY `t41`.`score`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `_n`
      FROM (
        SELECT
          `t39`.`score`,
          `t39`.`_key`,
          COUNT(*) AS `_equal`
        FROM `t38` AS `t39`
        GROUP BY
          1,
          2
      ) AS `t41`
    ) AS `t42`
  ) AS `t44`
    ON `t40`.`score` = `t44`.`_k_score` AND `t40`.`_key` = `t44`.`_key`
) AS `t45`

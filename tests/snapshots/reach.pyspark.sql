WITH `t40` AS (
  SELECT
    `t39`.`person_id`,
    `t39`.`score`,
    `t39`.`value`,
    `t39`.`low`,
    `t39`.`high`,
    `t39`.`components`,
    CAST(ROUND(`t39`.`value`, 9) AS DOUBLE) AS `_key`
  FROM (
    SELECT
      `t26`.`person_id`,
      'reach' AS `score`,
      CAST(COALESCE(`t38`.`reach`, 0) AS DOUBLE) AS `value`,
      CAST(NULL AS DOUBLE) AS `low`,
      CAST(NULL AS DOUBLE) AS `high`,
      STRUCT(
        COALESCE(`t38`.`engagements`, 0) AS `engagements`,
        COALESCE(`t33`.`anonymous`, 0) AS `anonymous`,
        `t15`.`followers` AS `followers`
      ) AS `components`
    FROM (
      SELECT DISTINCT
        `t20`.`person_id`
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
      ) AS `t20`
      WHERE
        `t20`.`person_id` IS NOT NULL
    ) AS `t26`
    LEFT OUTER JOIN (
      SELECT
        `t36`.`target_pid`,
        COUNT(*) AS `reach`,
        SUM(`t36`.`n`) AS `engagements`
      FROM (
        SELECT
          `t35`.`actor`,
          `t35`.`target_person`,
          `t35`.`n`,
          `t35`.`actor_pid`,
          `t35`.`target_pid`,
          COALESCE(`t35`.`actor_pid`, `t35`.`actor`) AS `engager`
        FROM (
          SELECT
            `t34`.`actor`,
            `t34`.`target_person`,
            `t34`.`n`,
            `t34`.`actor_pid`,
            `t34`.`target_pid`
          FROM (
            SELECT
              `t31`.`actor`,
              `t31`.`target_person`,
              `t31`.`n`,
              `t31`.`actor_pid`,
              `t9`.`_target_pid_identity`,
              `t9`.`target_pid`
            FROM (
              SELECT
                `t28`.`actor`,
                `t28`.`target_person`,
                `t28`.`n`,
                `t28`.`actor_pid`
              FROM (
                SELECT
                  `t24`.`actor`,
                  `t24`.`target_person`,
                  `t24`.`n`,
                  `t10`.`_actor_pid_identity`,
                  `t10`.`actor_pid`
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      `t14`.`actor`,
                      `t14`.`target_person`,
                      SUM(`t14`.`d`) AS `n`
                    FROM (
                      SELECT
                        `t1`.`actor`,
                        `t1`.`target_person`,
                        1 AS `d`
                      FROM `events` AS `t1`
                      WHERE
                        `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                        AND `t1`.`ts` > CAST('2021-06-03T00:00:00+00:00' AS TIMESTAMP)
                        AND `t1`.`kind` IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
                        AND `t1`.`target_person` IS NOT NULL
                        AND `t1`.`actor` IS NOT NULL
                    ) AS `t14`
                    GROUP BY
                      1,
                      2
                  ) AS `t19`
                  WHERE
                    `t19`.`n` > 0
                ) AS `t24`
                LEFT OUTER JOIN (
                  SELECT
                    `t0`.`identity_id` AS `_actor_pid_identity`,
                    `t0`.`person_id` AS `actor_pid`
                  FROM `identities` AS `t0`
                ) AS `t10`
                  ON `t24`.`actor` = `t10`.`_actor_pid_identity`
              ) AS `t28`
            ) AS `t31`
            LEFT OUTER JOIN (
              SELECT
                `t0`.`identity_id` AS `_target_pid_identity`,
                `t0`.`person_id` AS `target_pid`
              FROM `identities` AS `t0`
            ) AS `t9`
              ON `t31`.`target_person` = `t9`.`_target_pid_identity`
          ) AS `t34`
        ) AS `t35`
        WHERE
          `t35`.`target_pid` IS NOT NULL
          AND COALESCE(`t35`.`actor_pid`, `t35`.`actor`) <> `t35`.`target_pid`
      ) AS `t36`
      GROUP BY
        1
    ) AS `t38`
      ON `t26`.`person_id` = `t38`.`target_pid`
    LEFT OUTER JOIN (
      SELECT
        `t30`.`anon_pid`,
        SUM(`t30`.`n`) AS `anonymous`
      FROM (
        SELECT
          `t27`.`target_person`,
          `t27`.`n`,
          `t27`.`anon_pid`
        FROM (
          SELECT
            `t23`.`target_person`,
            `t23`.`n`,
            `t8`.`_anon_pid_identity`,
            `t8`.`anon_pid`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t13`.`target_person`,
                SUM(`t13`.`d`) AS `n`
              FROM (
                SELECT
                  `t1`.`actor`,
                  `t1`.`target_person`,
                  1 AS `d`
                FROM `events` AS `t1`
                WHERE
                  `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                  AND `t1`.`ts` > CAST('2021-06-03T00:00:00+00:00' AS TIMESTAMP)
                  AND `t1`.`kind` IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
                  AND `t1`.`target_person` IS NOT NULL
                  AND `t1`.`actor` IS NULL
              ) AS `t13`
              GROUP BY
                1
            ) AS `t18`
            WHERE
              `t18`.`n` > 0
          ) AS `t23`
          LEFT OUTER JOIN (
            SELECT
              `t0`.`identity_id` AS `_anon_pid_identity`,
              `t0`.`person_id` AS `anon_pid`
            FROM `identities` AS `t0`
          ) AS `t8`
            ON `t23`.`target_person` = `t8`.`_anon_pid_identity`
        ) AS `t27`
      ) AS `t30`
      GROUP BY
        1
    ) AS `t33`
      ON `t26`.`person_id` = `t33`.`anon_pid`
    LEFT OUTER JOIN (
      SELECT
        `t0`.`person_id` AS `fol_pid`,
        MAX(`t0`.`followers`) AS `followers`
      FROM `identities` AS `t0`
      GROUP BY
        1
    ) AS `t15`
      ON `t26`.`person_id` = `t15`.`fol_pid`
  ) AS `t39`
)
SELECT
  `t47`.`person_id`,
  `t47`.`score`,
  `t47`.`value`,
  `t47`.`low`,
  `t47`.`high`,
  `t47`.`components`,
  `t47`.`percentile`
FROM (
  SELECT
    `t42`.`person_id`,
    `t42`.`score`,
    `t42`.`value`,
    `t42`.`low`,
    `t42`.`high`,
    `t42`.`components`,
    `t42`.`_key`,
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST(`t46`.`_below` AS DOUBLE) + (
                CAST(`t46`.`_equal` AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST(`t46`.`_n` AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS `percentile`
  FROM `t40` AS `t42`
  INNER JOIN (
    SELECT
      `t44`.`score` AS `_k_score`,
      `t44`.`_key`,
      `t44`.`_equal`,
      `t44`.`_below`,
      `t44`.`_n`
    FROM (
      SELECT
        `t43`.`score`,
        `t43`.`_key`,
        `t43`.`_equal`,
        SUM(`t43`.`_equal`) OVER (
          PARTITION BY `t43`.`score`
          ORDER BY `t43`.`_key` ASC NULLS LAST
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - `t43`.`_equal` AS `_below`,
        SUM(`t43`.`_equal`) OVER (
          PARTITION BY `t43`.`score`
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS `_n`
      FROM (
        SELECT
          `t41`.`score`,
          `t41`.`_key`,
          COUNT(*) AS `_equal`
        FROM `t40` AS `t41`
        GROUP BY
          1,
          2
      ) AS `t43`
    ) AS `t44`
  ) AS `t46`
    ON `t42`.`score` = `t46`.`_k_score` AND `t42`.`_key` = `t46`.`_key`
) AS `t47`

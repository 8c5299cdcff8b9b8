WITH `t5` AS (
  SELECT
    `t4`.`actor`,
    `t4`.`target_person`,
    SUM(
      EXP(
        (
          CAST(DATEDIFF(MILLISECOND, CAST(`t4`.`ts` AS TIMESTAMP), CAST('2021-09-01T00:00:00' AS TIMESTAMP)) AS DOUBLE) / 86400000.0
        ) * -0.007701635339554948
      )
    ) AS `w`
  FROM (
    SELECT
      *
    FROM `events` AS `t0`
    WHERE
      `t0`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
      AND `t0`.`kind` IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
      AND `t0`.`actor` IS NOT NULL
      AND `t0`.`target_person` IS NOT NULL
      AND (
        (
          `t0`.`kind` <> 'reaction'
        ) OR (
          `t0`.`value` > 0
        )
      )
  ) AS `t4`
  GROUP BY
    1,
    2
), `t11` AS (
  SELECT
    `t10`.`identity`,
    ROW_NUMBER() OVER (ORDER BY `t10`.`identity` ASC NULLS LAST) - 1 AS `num`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t6`.`actor` AS `identity`
      FROM `t5` AS `t6`
    ) AS `t8`
    UNION
    SELECT
      *
    FROM (
      SELECT
        `t6`.`target_person` AS `identity`
      FROM `t5` AS `t6`
    ) AS `t9`
  ) AS `t10`
), `t20` AS (
  SELECT
    `t18`.`num`,
    `t3`.`node`
  FROM (
    SELECT
      *
    FROM `t11` AS `t12`
  ) AS `t18`
  INNER JOIN (
    SELECT
      `t1`.`identity_id`,
      `t1`.`person_id` AS `node`
    FROM `identities` AS `t1`
  ) AS `t3`
    ON `t18`.`identity` = `t3`.`identity_id`
)
SELECT
  `t29`.`n_src` AS `src`,
  `t29`.`n_dst` AS `dst`,
  SUM(`t29`.`w`) * 1.0 AS `w`
FROM (
  SELECT
    *
  FROM (
    SELECT
      `t16`.`src`,
      `t17`.`dst`,
      `t7`.`w`,
      CAST(IF(`t23`.`r_src` IS NOT NULL, 1, 0) AS BIGINT) AS `back`,
      `t26`.`s_num`,
      `t26`.`n_src`,
      `t27`.`d_num`,
      `t27`.`n_dst`
    FROM `t5` AS `t7`
    INNER JOIN (
      SELECT
        `t12`.`identity` AS `s_identity`,
        `t12`.`num` AS `src`
      FROM `t11` AS `t12`
    ) AS `t16`
      ON `t7`.`actor` = `t16`.`s_identity`
    INNER JOIN (
      SELECT
        `t12`.`identity` AS `d_identity`,
        `t12`.`num` AS `dst`
      FROM `t11` AS `t12`
    ) AS `t17`
      ON `t7`.`target_person` = `t17`.`d_identity`
    LEFT OUTER JOIN (
      SELECT
        `t19`.`dst` AS `r_src`,
        `t19`.`src` AS `r_dst`
      FROM (
        SELECT
          `t16`.`src`,
          `t17`.`dst`,
          `t7`.`w`
        FROM `t5` AS `t7`
        INNER JOIN (
          SELECT
            `t12`.`identity` AS `s_identity`,
            `t12`.`num` AS `src`
          FROM `t11` AS `t12`
        ) AS `t16`
          ON `t7`.`actor` = `t16`.`s_identity`
        INNER JOIN (
          SELECT
            `t12`.`identity` AS `d_identity`,
            `t12`.`num` AS `dst`
          FROM `t11` AS `t12`
        ) AS `t17`
          ON `t7`.`target_person` = `t17`.`d_identity`
      ) AS `t19`
    ) AS `t23`
      ON `t16`.`src` = `t23`.`r_src` AND `t17`.`dst` = `t23`.`r_dst`
    INNER JOIN (
      SELECT
        `t21`.`num` AS `s_num`,
        `t21`.`node` AS `n_src`
      FROM `t20` AS `t21`
    ) AS `t26`
      ON `t16`.`src` = `t26`.`s_num`
    INNER JOIN (
      SELECT
        `t21`.`num` AS `d_num`,
        `t21`.`node` AS `n_dst`
      FROM `t20` AS `t21`
    ) AS `t27`
      ON `t17`.`dst` = `t27`.`d_num`
  ) AS `t28`
  WHERE
    `t28`.`n_src` IS NOT NULL
    AND `t28`.`n_dst` IS NOT NULL
    AND `t28`.`n_src` <> `t28`.`n_dst`
) AS `t29`
GROUP BY
  1,
  2

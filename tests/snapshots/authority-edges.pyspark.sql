SELECT
  `t10`.`src`,
  `t10`.`dst`,
  SUM(`t10`.`w`) * 1.0 AS `w`
FROM (
  SELECT
    *
  FROM (
    SELECT
      `t8`.`actor`,
      `t8`.`target_person`,
      `t8`.`w`,
      `t4`.`s_id`,
      `t4`.`src`,
      `t5`.`d_id`,
      `t5`.`dst`
    FROM (
      SELECT
        `t6`.`actor`,
        `t6`.`target_person`,
        SUM(
          EXP(
            (
              CAST(DATEDIFF(MILLISECOND, CAST(`t6`.`ts` AS TIMESTAMP), CAST('2021-09-01T00:00:00' AS TIMESTAMP)) AS DOUBLE) / 86400000.0
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
      ) AS `t6`
      GROUP BY
        1,
        2
    ) AS `t8`
    INNER JOIN (
      SELECT
        `t1`.`identity_id` AS `s_id`,
        `t1`.`person_id` AS `src`
      FROM `identities` AS `t1`
    ) AS `t4`
      ON `t8`.`actor` = `t4`.`s_id`
    INNER JOIN (
      SELECT
        `t1`.`identity_id` AS `d_id`,
        `t1`.`person_id` AS `dst`
      FROM `identities` AS `t1`
    ) AS `t5`
      ON `t8`.`target_person` = `t5`.`d_id`
  ) AS `t9`
  WHERE
    `t9`.`src` IS NOT NULL AND `t9`.`dst` IS NOT NULL AND `t9`.`src` <> `t9`.`dst`
) AS `t10`
GROUP BY
  1,
  2

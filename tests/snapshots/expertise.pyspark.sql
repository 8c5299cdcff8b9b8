WITH `t21` AS (
  SELECT
    `t17`.`o_content`,
    LOWER(`t17`.`topic`) AS `topic`
  FROM (
    SELECT
      `t10`.`content_id` AS `o_content`,
      EXPLODE(`t10`.`tags`) AS `topic`
    FROM (
      SELECT
        *
      FROM `contents` AS `t0`
      WHERE
        `t0`.`created_at` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
        AND `t0`.`tags` IS NOT NULL
    ) AS `t10`
  ) AS `t17`
  WHERE
    `t17`.`topic` IS NOT NULL AND `t17`.`topic` <> ''
), `t26` AS (
  SELECT
    `t22`.`content_id`,
    `t22`.`author_pid`,
    `t22`.`m`
  FROM (
    SELECT
      `t19`.`content_id`,
      `t19`.`author`,
      `t19`.`m`,
      `t19`.`author_pid`
    FROM (
      SELECT
        `t14`.`content_id`,
        `t14`.`author`,
        CAST(1.0 AS DOUBLE) AS `m`,
        `t12`.`_author_pid_identity`,
        `t12`.`author_pid`
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
      ) AS `t14`
      LEFT ANTI JOIN (
        SELECT DISTINCT
          `t1`.`actor` AS `w_actor`,
          `t1`.`ts` AS `w_ts`
        FROM `events` AS `t1`
        WHERE
          `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
          AND `t1`.`kind` = 'reshare'
          AND `t1`.`actor` IS NOT NULL
      ) AS `t15`
        ON `t14`.`author` = `t15`.`w_actor` AND `t14`.`created_at` = `t15`.`w_ts`
      LEFT OUTER JOIN (
        SELECT
          `t2`.`identity_id` AS `_author_pid_identity`,
          `t2`.`person_id` AS `author_pid`
        FROM `identities` AS `t2`
      ) AS `t12`
        ON `t14`.`author` = `t12`.`_author_pid_identity`
    ) AS `t19`
  ) AS `t22`
  WHERE
    `t22`.`author_pid` IS NOT NULL
), `t50` AS (
  SELECT
    `t28`.`content_id`,
    `t28`.`author_pid`,
    COALESCE(`t34`.`r`, 0.0) AS `r`,
    `t28`.`m`,
    `t49`.`topic`
  FROM `t26` AS `t28`
  LEFT OUTER JOIN (
    SELECT
      `t32`.`content_id` AS `g_content`,
      SUM(`t32`.`w`) AS `r`
    FROM (
      SELECT
        `t31`.`target_content`,
        `t31`.`actor`,
        `t31`.`w`,
        `t31`.`content_id`,
        `t31`.`author_pid`,
        `t31`.`m`,
        `t31`.`actor_pid`,
        COALESCE(`t31`.`actor_pid`, `t31`.`actor`) AS `responder`
      FROM (
        SELECT
          `t30`.`target_content`,
          `t30`.`actor`,
          `t30`.`w`,
          `t30`.`content_id`,
          `t30`.`author_pid`,
          `t30`.`m`,
          `t30`.`actor_pid`
        FROM (
          SELECT
            `t20`.`target_content`,
            `t20`.`actor`,
            `t20`.`w`,
            `t29`.`content_id`,
            `t29`.`author_pid`,
            `t29`.`m`,
            `t13`.`_actor_pid_identity`,
            `t13`.`actor_pid`
          FROM (
            SELECT
              `t16`.`target_content`,
              `t16`.`actor`,
              SUM(`t16`.`w`) AS `w`
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
                CASE
                  WHEN `t1`.`kind` = 'accept'
                  THEN 3.0
                  WHEN `t1`.`kind` = 'comment'
                  THEN 0.5
                  WHEN `t1`.`kind` = 'quote'
                  THEN 1.0
                  WHEN `t1`.`kind` = 'reaction'
                  THEN 1.0
                  WHEN `t1`.`kind` = 'reply'
                  THEN 0.5
                  WHEN `t1`.`kind` = 'reshare'
                  THEN 1.0
                  ELSE 0.0
                END AS `w`
              FROM `events` AS `t1`
              WHERE
                `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                AND `t1`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                AND `t1`.`target_content` IS NOT NULL
                AND (
                  (
                    `t1`.`kind` <> 'reaction'
                  ) OR (
                    `t1`.`value` > 0
                  )
                )
            ) AS `t16`
            GROUP BY
              1,
              2
          ) AS `t20`
          INNER JOIN `t26` AS `t29`
            ON `t20`.`target_content` = `t29`.`content_id`
          LEFT OUTER JOIN (
            SELECT
              `t2`.`identity_id` AS `_actor_pid_identity`,
              `t2`.`person_id` AS `actor_pid`
            FROM `identities` AS `t2`
          ) AS `t13`
            ON `t20`.`actor` = `t13`.`_actor_pid_identity`
        ) AS `t30`
      ) AS `t31`
      WHERE
        (
          COALESCE(`t31`.`actor_pid`, `t31`.`actor`) IS NULL
        )
        OR (
          COALESCE(`t31`.`actor_pid`, `t31`.`actor`) <> `t31`.`author_pid`
        )
    ) AS `t32`
    GROUP BY
      1
  ) AS `t34`
    ON `t28`.`content_id` = `t34`.`g_content`
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
            `t28`.`content_id`,
            `t24`.`topic`
          FROM `t26` AS `t28`
          LEFT OUTER JOIN (
            SELECT
              `t32`.`content_id` AS `g_content`,
              SUM(`t32`.`w`) AS `r`
            FROM (
              SELECT
                `t31`.`target_content`,
                `t31`.`actor`,
                `t31`.`w`,
                `t31`.`content_id`,
                `t31`.`author_pid`,
                `t31`.`m`,
                `t31`.`actor_pid`,
                COALESCE(`t31`.`actor_pid`, `t31`.`actor`) AS `responder`
              FROM (
                SELECT
                  `t30`.`target_content`,
                  `t30`.`actor`,
                  `t30`.`w`,
                  `t30`.`content_id`,
                  `t30`.`author_pid`,
                  `t30`.`m`,
                  `t30`.`actor_pid`
                FROM (
                  SELECT
                    `t20`.`target_content`,
                    `t20`.`actor`,
                    `t20`.`w`,
                    `t29`.`content_id`,
                    `t29`.`author_pid`,
                    `t29`.`m`,
                    `t13`.`_actor_pid_identity`,
                    `t13`.`actor_pid`
                  FROM (
                    SELECT
                      `t16`.`target_content`,
                      `t16`.`actor`,
                      SUM(`t16`.`w`) AS `w`
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
                        CASE
                          WHEN `t1`.`kind` = 'accept'
                          THEN 3.0
                          WHEN `t1`.`kind` = 'comment'
                          THEN 0.5
                          WHEN `t1`.`kind` = 'quote'
                          THEN 1.0
                          WHEN `t1`.`kind` = 'reaction'
                          THEN 1.0
                          WHEN `t1`.`kind` = 'reply'
                          THEN 0.5
                          WHEN `t1`.`kind` = 'reshare'
                          THEN 1.0
                          ELSE 0.0
                        END AS `w`
                      FROM `events` AS `t1`
                      WHERE
                        `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                        AND `t1`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                        AND `t1`.`target_content` IS NOT NULL
                        AND (
                          (
                            `t1`.`kind` <> 'reaction'
                          ) OR (
                            `t1`.`value` > 0
                          )
                        )
                    ) AS `t16`
                    GROUP BY
                      1,
                      2
                  ) AS `t20`
                  INNER JOIN `t26` AS `t29`
                    ON `t20`.`target_content` = `t29`.`content_id`
                  LEFT OUTER JOIN (
                    SELECT
                      `t2`.`identity_id` AS `_actor_pid_identity`,
                      `t2`.`person_id` AS `actor_pid`
                    FROM `identities` AS `t2`
                  ) AS `t13`
                    ON `t20`.`actor` = `t13`.`_actor_pid_identity`
                ) AS `t30`
              ) AS `t31`
              WHERE
                (
                  COALESCE(`t31`.`actor_pid`, `t31`.`actor`) IS NULL
                )
                OR (
                  COALESCE(`t31`.`actor_pid`, `t31`.`actor`) <> `t31`.`author_pid`
                )
            ) AS `t32`
            GROUP BY
              1
          ) AS `t34`
            ON `t28`.`content_id` = `t34`.`g_content`
          INNER JOIN `t21` AS `t24`
            ON `t28`.`content_id` = `t24`.`o_content`
        ) AS `t36`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            `t41`.`content_id`,
            `t25`.`topic`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t28`.`content_id`,
                `t28`.`author_pid`,
                COALESCE(`t34`.`r`, 0.0) AS `r`,
                `t28`.`m`,
                `t9`.`l_content`,
                `t9`.`l_root`
              FROM `t26` AS `t28`
              LEFT OUTER JOIN (
                SELECT
                  `t32`.`content_id` AS `g_content`,
                  SUM(`t32`.`w`) AS `r`
                FROM (
                  SELECT
                    `t31`.`target_content`,
                    `t31`.`actor`,
                    `t31`.`w`,
                    `t31`.`content_id`,
                    `t31`.`author_pid`,
                    `t31`.`m`,
                    `t31`.`actor_pid`,
                    COALESCE(`t31`.`actor_pid`, `t31`.`actor`) AS `responder`
                  FROM (
                    SELECT
                      `t30`.`target_content`,
                      `t30`.`actor`,
                      `t30`.`w`,
                      `t30`.`content_id`,
                      `t30`.`author_pid`,
                      `t30`.`m`,
                      `t30`.`actor_pid`
                    FROM (
                      SELECT
                        `t20`.`target_content`,
                        `t20`.`actor`,
                        `t20`.`w`,
                        `t29`.`content_id`,
                        `t29`.`author_pid`,
                        `t29`.`m`,
                        `t13`.`_actor_pid_identity`,
                        `t13`.`actor_pid`
                      FROM (
                        SELECT
                          `t16`.`target_content`,
                          `t16`.`actor`,
                          SUM(`t16`.`w`) AS `w`
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
                            CASE
                              WHEN `t1`.`kind` = 'accept'
                              THEN 3.0
                              WHEN `t1`.`kind` = 'comment'
                              THEN 0.5
                              WHEN `t1`.`kind` = 'quote'
                              THEN 1.0
                              WHEN `t1`.`kind` = 'reaction'
                              THEN 1.0
                              WHEN `t1`.`kind` = 'reply'
                              THEN 0.5
                              WHEN `t1`.`kind` = 'reshare'
                              THEN 1.0
                              ELSE 0.0
                            END AS `w`
                          FROM `events` AS `t1`
                          WHERE
                            `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                            AND `t1`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                            AND `t1`.`target_content` IS NOT NULL
                            AND (
                              (
                                `t1`.`kind` <> 'reaction'
                              ) OR (
                                `t1`.`value` > 0
                              )
                            )
                        ) AS `t16`
                        GROUP BY
                          1,
                          2
                      ) AS `t20`
                      INNER JOIN `t26` AS `t29`
                        ON `t20`.`target_content` = `t29`.`content_id`
                      LEFT OUTER JOIN (
                        SELECT
                          `t2`.`identity_id` AS `_actor_pid_identity`,
                          `t2`.`person_id` AS `actor_pid`
                        FROM `identities` AS `t2`
                      ) AS `t13`
                        ON `t20`.`actor` = `t13`.`_actor_pid_identity`
                    ) AS `t30`
                  ) AS `t31`
                  WHERE
                    (
                      COALESCE(`t31`.`actor_pid`, `t31`.`actor`) IS NULL
                    )
                    OR (
                      COALESCE(`t31`.`actor_pid`, `t31`.`actor`) <> `t31`.`author_pid`
                    )
                ) AS `t32`
                GROUP BY
                  1
              ) AS `t34`
                ON `t28`.`content_id` = `t34`.`g_content`
              INNER JOIN (
                SELECT
                  `t0`.`content_id` AS `l_content`,
                  `t0`.`root_id` AS `l_root`
                FROM `contents` AS `t0`
              ) AS `t9`
                ON `t28`.`content_id` = `t9`.`l_content`
            ) AS `t38`
            WHERE
              `t38`.`l_root` IS NOT NULL AND `t38`.`l_root` <> `t38`.`content_id`
          ) AS `t41`
          INNER JOIN `t21` AS `t25`
            ON `t41`.`l_root` = `t25`.`o_content`
        ) AS `t43`
      ) AS `t44`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          `t37`.`content_id`,
          CONCAT('community:', `t37`.`community`) AS `topic`
        FROM (
          SELECT
            `t28`.`content_id`,
            `t28`.`author_pid`,
            COALESCE(`t34`.`r`, 0.0) AS `r`,
            `t28`.`m`,
            `t7`.`m_content`,
            `t7`.`community`
          FROM `t26` AS `t28`
          LEFT OUTER JOIN (
            SELECT
              `t32`.`content_id` AS `g_content`,
              SUM(`t32`.`w`) AS `r`
            FROM (
              SELECT
                `t31`.`target_content`,
                `t31`.`actor`,
                `t31`.`w`,
                `t31`.`content_id`,
                `t31`.`author_pid`,
                `t31`.`m`,
                `t31`.`actor_pid`,
                COALESCE(`t31`.`actor_pid`, `t31`.`actor`) AS `responder`
              FROM (
                SELECT
                  `t30`.`target_content`,
                  `t30`.`actor`,
                  `t30`.`w`,
                  `t30`.`content_id`,
                  `t30`.`author_pid`,
                  `t30`.`m`,
                  `t30`.`actor_pid`
                FROM (
                  SELECT
                    `t20`.`target_content`,
                    `t20`.`actor`,
                    `t20`.`w`,
                    `t29`.`content_id`,
                    `t29`.`author_pid`,
                    `t29`.`m`,
                    `t13`.`_actor_pid_identity`,
                    `t13`.`actor_pid`
                  FROM (
                    SELECT
                      `t16`.`target_content`,
                      `t16`.`actor`,
                      SUM(`t16`.`w`) AS `w`
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
                        CASE
                          WHEN `t1`.`kind` = 'accept'
                          THEN 3.0
                          WHEN `t1`.`kind` = 'comment'
                          THEN 0.5
                          WHEN `t1`.`kind` = 'quote'
                          THEN 1.0
                          WHEN `t1`.`kind` = 'reaction'
                          THEN 1.0
                          WHEN `t1`.`kind` = 'reply'
                          THEN 0.5
                          WHEN `t1`.`kind` = 'reshare'
                          THEN 1.0
                          ELSE 0.0
                        END AS `w`
                      FROM `events` AS `t1`
                      WHERE
                        `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                        AND `t1`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                        AND `t1`.`target_content` IS NOT NULL
                        AND (
                          (
                            `t1`.`kind` <> 'reaction'
                          ) OR (
                            `t1`.`value` > 0
                          )
                        )
                    ) AS `t16`
                    GROUP BY
                      1,
                      2
                  ) AS `t20`
                  INNER JOIN `t26` AS `t29`
                    ON `t20`.`target_content` = `t29`.`content_id`
                  LEFT OUTER JOIN (
                    SELECT
                      `t2`.`identity_id` AS `_actor_pid_identity`,
                      `t2`.`person_id` AS `actor_pid`
                    FROM `identities` AS `t2`
                  ) AS `t13`
                    ON `t20`.`actor` = `t13`.`_actor_pid_identity`
                ) AS `t30`
              ) AS `t31`
              WHERE
                (
                  COALESCE(`t31`.`actor_pid`, `t31`.`actor`) IS NULL
                )
                OR (
                  COALESCE(`t31`.`actor_pid`, `t31`.`actor`) <> `t31`.`author_pid`
                )
            ) AS `t32`
            GROUP BY
              1
          ) AS `t34`
            ON `t28`.`content_id` = `t34`.`g_content`
          INNER JOIN (
            SELECT
              `t0`.`content_id` AS `m_content`,
              `t0`.`community`
            FROM `contents` AS `t0`
          ) AS `t7`
            ON `t28`.`content_id` = `t7`.`m_content`
        ) AS `t37`
        WHERE
          `t37`.`community` IS NOT NULL
      ) AS `t39`
    ) AS `t45`
  ) AS `t49`
    ON `t28`.`content_id` = `t49`.`content_id`
), `t59` AS (
  SELECT
    `t58`.`person_id`,
    `t58`.`topic`,
    `t58`.`value`,
    `t58`.`low`,
    `t58`.`high`,
    `t58`.`n`,
    `t58`.`n_w`,
    `t58`.`recognition`,
    ROW_NUMBER() OVER (
      PARTITION BY `t58`.`person_id`
      ORDER BY CAST(ROUND(`t58`.`value`, 9) AS DOUBLE) DESC, `t58`.`topic` ASC NULLS LAST
    ) - 1 AS `_rk`,
    COUNT(`t58`.`topic`) OVER (
      PARTITION BY `t58`.`person_id`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_topics`
  FROM (
    SELECT
      `t53`.`author_pid` AS `person_id`,
      `t53`.`topic`,
      (
        (
          `t53`.`recognition` + (
            `t57`.`mu_t` * 5.0
          )
        ) / (
          `t53`.`n_w` + 5.0
        )
      ) * LN(`t53`.`n_w` + 1.0) AS `value`,
      GREATEST(
        (
          (
            `t53`.`recognition` + (
              `t57`.`mu_t` * 5.0
            )
          ) / (
            `t53`.`n_w` + 5.0
          )
        ) - (
          SQRT(`t57`.`var_t` / (
            `t53`.`n_w` + 5.0
          )) * 1.6448536269514715
        ),
        0.0
      ) * LN(`t53`.`n_w` + 1.0) AS `low`,
      (
        (
          (
            `t53`.`recognition` + (
              `t57`.`mu_t` * 5.0
            )
          ) / (
            `t53`.`n_w` + 5.0
          )
        ) + (
          SQRT(`t57`.`var_t` / (
            `t53`.`n_w` + 5.0
          )) * 1.6448536269514715
        )
      ) * LN(`t53`.`n_w` + 1.0) AS `high`,
      `t53`.`n`,
      `t53`.`n_w`,
      `t53`.`recognition`
    FROM (
      SELECT
        `t51`.`author_pid`,
        `t51`.`topic`,
        COUNT(*) AS `n`,
        SUM(`t51`.`m`) AS `n_w`,
        SUM(`t51`.`m` * `t51`.`r`) AS `recognition`
      FROM `t50` AS `t51`
      GROUP BY
        1,
        2
    ) AS `t53`
    INNER JOIN (
      SELECT
        `t55`.`t_topic`,
        (
          `t55`.`st` + (
            `t48`.`mu0` * 5.0
          )
        ) / (
          `t55`.`nt` + 5.0
        ) AS `mu_t`,
        (
          GREATEST(
            `t55`.`qt` - (
              (
                `t55`.`st` * `t55`.`st`
              ) / NULLIF(`t55`.`nt`, 0.0)
            ),
            0.0
          ) + (
            `t48`.`var0` * 5.0
          )
        ) / (
          `t55`.`nt` + 5.0
        ) AS `var_t`
      FROM (
        SELECT
          `t51`.`topic` AS `t_topic`,
          SUM(`t51`.`m`) AS `nt`,
          SUM(`t51`.`m` * `t51`.`r`) AS `st`,
          SUM(`t51`.`m` * `t51`.`r` * `t51`.`r`) AS `qt`
        FROM `t50` AS `t51`
        GROUP BY
          1
      ) AS `t55`
      CROSS JOIN (
        SELECT
          `t42`.`s0` / NULLIF(`t42`.`n0`, 0.0) AS `mu0`,
          GREATEST(
            (
              `t42`.`q0` / NULLIF(`t42`.`n0`, 0.0)
            ) - (
              (
                `t42`.`s0` / NULLIF(`t42`.`n0`, 0.0)
              ) * (
                `t42`.`s0` / NULLIF(`t42`.`n0`, 0.0)
              )
            ),
            0.0
          ) AS `var0`
        FROM (
          SELECT
            SUM(`t35`.`m`) AS `n0`,
            SUM(`t35`.`m` * `t35`.`r`) AS `s0`,
            SUM(`t35`.`m` * `t35`.`r` * `t35`.`r`) AS `q0`
          FROM (
            SELECT
              `t28`.`content_id`,
              `t28`.`author_pid`,
              COALESCE(`t34`.`r`, 0.0) AS `r`,
              `t28`.`m`
            FROM `t26` AS `t28`
            LEFT OUTER JOIN (
              SELECT
                `t32`.`content_id` AS `g_content`,
                SUM(`t32`.`w`) AS `r`
              FROM (
                SELECT
                  `t31`.`target_content`,
                  `t31`.`actor`,
                  `t31`.`w`,
                  `t31`.`content_id`,
                  `t31`.`author_pid`,
                  `t31`.`m`,
                  `t31`.`actor_pid`,
                  COALESCE(`t31`.`actor_pid`, `t31`.`actor`) AS `responder`
                FROM (
                  SELECT
                    `t30`.`target_content`,
                    `t30`.`actor`,
                    `t30`.`w`,
                    `t30`.`content_id`,
                    `t30`.`author_pid`,
                    `t30`.`m`,
                    `t30`.`actor_pid`
                  FROM (
                    SELECT
                      `t20`.`target_content`,
                      `t20`.`actor`,
                      `t20`.`w`,
                      `t29`.`content_id`,
                      `t29`.`author_pid`,
                      `t29`.`m`,
                      `t13`.`_actor_pid_identity`,
                      `t13`.`actor_pid`
                    FROM (
                      SELECT
                        `t16`.`target_content`,
                        `t16`.`actor`,
                        SUM(`t16`.`w`) AS `w`
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
                          CASE
                            WHEN `t1`.`kind` = 'accept'
                            THEN 3.0
                            WHEN `t1`.`kind` = 'comment'
                            THEN 0.5
                            WHEN `t1`.`kind` = 'quote'
                            THEN 1.0
                            WHEN `t1`.`kind` = 'reaction'
                            THEN 1.0
                            WHEN `t1`.`kind` = 'reply'
                            THEN 0.5
                            WHEN `t1`.`kind` = 'reshare'
                            THEN 1.0
                            ELSE 0.0
                          END AS `w`
                        FROM `events` AS `t1`
                        WHERE
                          `t1`.`ts` <= CAST('2021-09-01T00:00:00+00:00' AS TIMESTAMP)
                          AND `t1`.`kind` IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                          AND `t1`.`target_content` IS NOT NULL
                          AND (
                            (
                              `t1`.`kind` <> 'reaction'
                            ) OR (
                              `t1`.`value` > 0
                            )
                          )
                      ) AS `t16`
                      GROUP BY
                        1,
                        2
                    ) AS `t20`
                    INNER JOIN `t26` AS `t29`
                      ON `t20`.`target_content` = `t29`.`content_id`
                    LEFT OUTER JOIN (
                      SELECT
                        `t2`.`identity_id` AS `_actor_pid_identity`,
                        `t2`.`person_id` AS `actor_pid`
                      FROM `identities` AS `t2`
                    ) AS `t13`
                      ON `t20`.`actor` = `t13`.`_actor_pid_identity`
                  ) AS `t30`
                ) AS `t31`
                WHERE
                  (
                    COALESCE(`t31`.`actor_pid`, `t31`.`actor`) IS NULL
                  )
                  OR (
                    COALESCE(`t31`.`actor_pid`, `t31`.`actor`) <> `t31`.`author_pid`
                  )
              ) AS `t32`
              GROUP BY
                1
            ) AS `t34`
              ON `t28`.`content_id` = `t34`.`g_content`
          ) AS `t35`
        ) AS `t42`
      ) AS `t48`
    ) AS `t57`
      ON `t53`.`topic` = `t57`.`t_topic`
  ) AS `t58`
)
SELECT
  `t67`.`person_id`,
  `t67`.`score`,
  `t67`.`value`,
  `t67`.`low`,
  `t67`.`high`,
  `t67`.`components`,
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST(`t67`.`_below` AS DOUBLE) + (
              CAST(`t67`.`_equal` AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / `t67`.`_n`
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS `percentile`
FROM (
  SELECT
    `t66`.`person_id`,
    `t66`.`score`,
    `t66`.`value`,
    `t66`.`low`,
    `t66`.`high`,
    `t66`.`components`,
    `t66`.`_key`,
    RANK() OVER (PARTITION BY `t66`.`score` ORDER BY `t66`.`_key` ASC NULLS LAST) - 1 AS `_below`,
    COUNT(`t66`.`person_id`) OVER (
      PARTITION BY `t66`.`score`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_n`,
    COUNT(`t66`.`person_id`) OVER (
      PARTITION BY `t66`.`score`, `t66`.`_key`
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS `_equal`
  FROM (
    SELECT
      `t65`.`person_id`,
      `t65`.`score`,
      `t65`.`value`,
      `t65`.`low`,
      `t65`.`high`,
      `t65`.`components`,
      CAST(ROUND(`t65`.`value`, 9) AS DOUBLE) AS `_key`
    FROM (
      SELECT
        `t62`.`person_id`,
        'expertise' AS `score`,
        `t62`.`value`,
        `t62`.`low`,
        `t62`.`high`,
        STRUCT(
          `t62`.`topic` AS `topic`,
          `t62`.`n` AS `topic_n`,
          `t62`.`n_w` AS `topic_n_w`,
          `t62`.`recognition` AS `topic_recognition`,
          `t64`.`topic_2` AS `topic_2`,
          `t64`.`topic_3` AS `topic_3`,
          `t62`.`_topics` AS `topics`
        ) AS `components`
      FROM (
        SELECT
          *
        FROM `t59` AS `t60`
        WHERE
          `t60`.`_rk` = 0
      ) AS `t62`
      INNER JOIN (
        SELECT
          `t60`.`person_id` AS `b_person`,
          MAX(IF(`t60`.`_rk` = 1, `t60`.`topic`, NULL)) AS `topic_2`,
          MAX(IF(`t60`.`_rk` = 2, `t60`.`topic`, NULL)) AS `topic_3`
        FROM `t59` AS `t60`
        GROUP BY
          1
      ) AS `t64`
        ON `t62`.`person_id` = `t64`.`b_person`
    ) AS `t65`
  ) AS `t66`
) AS `t67`

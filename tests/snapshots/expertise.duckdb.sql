WITH "t21" AS (
  SELECT
    "t17"."o_content",
    LOWER("t17"."topic") AS "topic"
  FROM (
    SELECT
      "t10"."content_id" AS "o_content",
      UNNEST("t10"."tags") AS "topic"
    FROM (
      SELECT
        *
      FROM "contents" AS "t0"
      WHERE
        "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
        AND "t0"."tags" IS NOT NULL
    ) AS "t10"
  ) AS "t17"
  WHERE
    "t17"."topic" IS NOT NULL AND "t17"."topic" <> ''
), "t25" AS (
  SELECT
    "t19"."content_id",
    "t19"."author_pid"
  FROM (
    SELECT
      "t14"."content_id",
      "t14"."author",
      "t12"."_author_pid_identity",
      "t12"."author_pid"
    FROM (
      SELECT
        *
      FROM "contents" AS "t0"
      WHERE
        "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
        AND "t0"."kind" IN (
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
        AND "t0"."author" IS NOT NULL
    ) AS "t14"
    ANTI JOIN (
      SELECT DISTINCT
        "t1"."actor" AS "w_actor",
        "t1"."ts" AS "w_ts"
      FROM "events" AS "t1"
      WHERE
        "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
        AND "t1"."kind" = 'reshare'
        AND "t1"."actor" IS NOT NULL
    ) AS "t15"
      ON "t14"."author" = "t15"."w_actor" AND "t14"."created_at" = "t15"."w_ts"
    LEFT OUTER JOIN (
      SELECT
        "t2"."identity_id" AS "_author_pid_identity",
        "t2"."person_id" AS "author_pid"
      FROM "identities" AS "t2"
    ) AS "t12"
      ON "t14"."author" = "t12"."_author_pid_identity"
  ) AS "t19"
  WHERE
    "t19"."author_pid" IS NOT NULL
), "t49" AS (
  SELECT
    "t27"."content_id",
    "t27"."author_pid",
    COALESCE("t33"."r", 0.0) AS "r",
    "t48"."topic"
  FROM "t25" AS "t27"
  LEFT OUTER JOIN (
    SELECT
      "t31"."content_id" AS "g_content",
      SUM("t31"."w") AS "r"
    FROM (
      SELECT
        "t30"."target_content",
        "t30"."actor",
        "t30"."w",
        "t30"."content_id",
        "t30"."author_pid",
        "t30"."actor_pid",
        COALESCE("t30"."actor_pid", "t30"."actor") AS "responder"
      FROM (
        SELECT
          "t29".*
          EXCLUDE ("_actor_pid_identity")
        FROM (
          SELECT
            "t20"."target_content",
            "t20"."actor",
            "t20"."w",
            "t28"."content_id",
            "t28"."author_pid",
            "t13"."_actor_pid_identity",
            "t13"."actor_pid"
          FROM (
            SELECT
              "t16"."target_content",
              "t16"."actor",
              SUM("t16"."w") AS "w"
            FROM (
              SELECT
                "t1"."event_id",
                "t1"."network",
                "t1"."source_id",
                "t1"."community",
                "t1"."kind",
                "t1"."subkind",
                "t1"."actor",
                "t1"."target_person",
                "t1"."target_content",
                "t1"."ts",
                "t1"."value",
                CASE
                  WHEN "t1"."kind" = 'accept'
                  THEN 3.0
                  WHEN "t1"."kind" = 'comment'
                  THEN 0.5
                  WHEN "t1"."kind" = 'quote'
                  THEN 1.0
                  WHEN "t1"."kind" = 'reaction'
                  THEN 1.0
                  WHEN "t1"."kind" = 'reply'
                  THEN 0.5
                  WHEN "t1"."kind" = 'reshare'
                  THEN 1.0
                  ELSE 0.0
                END AS "w"
              FROM "events" AS "t1"
              WHERE
                "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                AND "t1"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                AND "t1"."target_content" IS NOT NULL
                AND (
                  (
                    "t1"."kind" <> 'reaction'
                  ) OR (
                    "t1"."value" > 0
                  )
                )
            ) AS "t16"
            GROUP BY
              1,
              2
          ) AS "t20"
          INNER JOIN "t25" AS "t28"
            ON "t20"."target_content" = "t28"."content_id"
          LEFT OUTER JOIN (
            SELECT
              "t2"."identity_id" AS "_actor_pid_identity",
              "t2"."person_id" AS "actor_pid"
            FROM "identities" AS "t2"
          ) AS "t13"
            ON "t20"."actor" = "t13"."_actor_pid_identity"
        ) AS "t29"
      ) AS "t30"
      WHERE
        (
          COALESCE("t30"."actor_pid", "t30"."actor") IS NULL
        )
        OR (
          COALESCE("t30"."actor_pid", "t30"."actor") <> "t30"."author_pid"
        )
    ) AS "t31"
    GROUP BY
      1
  ) AS "t33"
    ON "t27"."content_id" = "t33"."g_content"
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
            "t27"."content_id",
            "t23"."topic"
          FROM "t25" AS "t27"
          LEFT OUTER JOIN (
            SELECT
              "t31"."content_id" AS "g_content",
              SUM("t31"."w") AS "r"
            FROM (
              SELECT
                "t30"."target_content",
                "t30"."actor",
                "t30"."w",
                "t30"."content_id",
                "t30"."author_pid",
                "t30"."actor_pid",
                COALESCE("t30"."actor_pid", "t30"."actor") AS "responder"
              FROM (
                SELECT
                  "t29".*
                  EXCLUDE ("_actor_pid_identity")
                FROM (
                  SELECT
                    "t20"."target_content",
                    "t20"."actor",
                    "t20"."w",
                    "t28"."content_id",
                    "t28"."author_pid",
                    "t13"."_actor_pid_identity",
                    "t13"."actor_pid"
                  FROM (
                    SELECT
                      "t16"."target_content",
                      "t16"."actor",
                      SUM("t16"."w") AS "w"
                    FROM (
                      SELECT
                        "t1"."event_id",
                        "t1"."network",
                        "t1"."source_id",
                        "t1"."community",
                        "t1"."kind",
                        "t1"."subkind",
                        "t1"."actor",
                        "t1"."target_person",
                        "t1"."target_content",
                        "t1"."ts",
                        "t1"."value",
                        CASE
                          WHEN "t1"."kind" = 'accept'
                          THEN 3.0
                          WHEN "t1"."kind" = 'comment'
                          THEN 0.5
                          WHEN "t1"."kind" = 'quote'
                          THEN 1.0
                          WHEN "t1"."kind" = 'reaction'
                          THEN 1.0
                          WHEN "t1"."kind" = 'reply'
                          THEN 0.5
                          WHEN "t1"."kind" = 'reshare'
                          THEN 1.0
                          ELSE 0.0
                        END AS "w"
                      FROM "events" AS "t1"
                      WHERE
                        "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                        AND "t1"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                        AND "t1"."target_content" IS NOT NULL
                        AND (
                          (
                            "t1"."kind" <> 'reaction'
                          ) OR (
                            "t1"."value" > 0
                          )
                        )
                    ) AS "t16"
                    GROUP BY
                      1,
                      2
                  ) AS "t20"
                  INNER JOIN "t25" AS "t28"
                    ON "t20"."target_content" = "t28"."content_id"
                  LEFT OUTER JOIN (
                    SELECT
                      "t2"."identity_id" AS "_actor_pid_identity",
                      "t2"."person_id" AS "actor_pid"
                    FROM "identities" AS "t2"
                  ) AS "t13"
                    ON "t20"."actor" = "t13"."_actor_pid_identity"
                ) AS "t29"
              ) AS "t30"
              WHERE
                (
                  COALESCE("t30"."actor_pid", "t30"."actor") IS NULL
                )
                OR (
                  COALESCE("t30"."actor_pid", "t30"."actor") <> "t30"."author_pid"
                )
            ) AS "t31"
            GROUP BY
              1
          ) AS "t33"
            ON "t27"."content_id" = "t33"."g_content"
          INNER JOIN "t21" AS "t23"
            ON "t27"."content_id" = "t23"."o_content"
        ) AS "t35"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t41"."content_id",
            "t24"."topic"
          FROM (
            SELECT
              *
            FROM (
              SELECT
                "t27"."content_id",
                "t27"."author_pid",
                COALESCE("t33"."r", 0.0) AS "r",
                "t9"."l_content",
                "t9"."l_root"
              FROM "t25" AS "t27"
              LEFT OUTER JOIN (
                SELECT
                  "t31"."content_id" AS "g_content",
                  SUM("t31"."w") AS "r"
                FROM (
                  SELECT
                    "t30"."target_content",
                    "t30"."actor",
                    "t30"."w",
                    "t30"."content_id",
                    "t30"."author_pid",
                    "t30"."actor_pid",
                    COALESCE("t30"."actor_pid", "t30"."actor") AS "responder"
                  FROM (
                    SELECT
                      "t29".*
                      EXCLUDE ("_actor_pid_identity")
                    FROM (
                      SELECT
                        "t20"."target_content",
                        "t20"."actor",
                        "t20"."w",
                        "t28"."content_id",
                        "t28"."author_pid",
                        "t13"."_actor_pid_identity",
                        "t13"."actor_pid"
                      FROM (
                        SELECT
                          "t16"."target_content",
                          "t16"."actor",
                          SUM("t16"."w") AS "w"
                        FROM (
                          SELECT
                            "t1"."event_id",
                            "t1"."network",
                            "t1"."source_id",
                            "t1"."community",
                            "t1"."kind",
                            "t1"."subkind",
                            "t1"."actor",
                            "t1"."target_person",
                            "t1"."target_content",
                            "t1"."ts",
                            "t1"."value",
                            CASE
                              WHEN "t1"."kind" = 'accept'
                              THEN 3.0
                              WHEN "t1"."kind" = 'comment'
                              THEN 0.5
                              WHEN "t1"."kind" = 'quote'
                              THEN 1.0
                              WHEN "t1"."kind" = 'reaction'
                              THEN 1.0
                              WHEN "t1"."kind" = 'reply'
                              THEN 0.5
                              WHEN "t1"."kind" = 'reshare'
                              THEN 1.0
                              ELSE 0.0
                            END AS "w"
                          FROM "events" AS "t1"
                          WHERE
                            "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                            AND "t1"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                            AND "t1"."target_content" IS NOT NULL
                            AND (
                              (
                                "t1"."kind" <> 'reaction'
                              ) OR (
                                "t1"."value" > 0
                              )
                            )
                        ) AS "t16"
                        GROUP BY
                          1,
                          2
                      ) AS "t20"
                      INNER JOIN "t25" AS "t28"
                        ON "t20"."target_content" = "t28"."content_id"
                      LEFT OUTER JOIN (
                        SELECT
                          "t2"."identity_id" AS "_actor_pid_identity",
                          "t2"."person_id" AS "actor_pid"
                        FROM "identities" AS "t2"
                      ) AS "t13"
                        ON "t20"."actor" = "t13"."_actor_pid_identity"
                    ) AS "t29"
                  ) AS "t30"
                  WHERE
                    (
                      COALESCE("t30"."actor_pid", "t30"."actor") IS NULL
                    )
                    OR (
                      COALESCE("t30"."actor_pid", "t30"."actor") <> "t30"."author_pid"
                    )
                ) AS "t31"
                GROUP BY
                  1
              ) AS "t33"
                ON "t27"."content_id" = "t33"."g_content"
              INNER JOIN (
                SELECT
                  "t0"."content_id" AS "l_content",
                  "t0"."root_id" AS "l_root"
                FROM "contents" AS "t0"
              ) AS "t9"
                ON "t27"."content_id" = "t9"."l_content"
            ) AS "t37"
            WHERE
              "t37"."l_root" IS NOT NULL AND "t37"."l_root" <> "t37"."content_id"
          ) AS "t41"
          INNER JOIN "t21" AS "t24"
            ON "t41"."l_root" = "t24"."o_content"
        ) AS "t42"
      ) AS "t43"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t36"."content_id",
          'community:' || "t36"."community" AS "topic"
        FROM (
          SELECT
            "t27"."content_id",
            "t27"."author_pid",
            COALESCE("t33"."r", 0.0) AS "r",
            "t7"."m_content",
            "t7"."community"
          FROM "t25" AS "t27"
          LEFT OUTER JOIN (
            SELECT
              "t31"."content_id" AS "g_content",
              SUM("t31"."w") AS "r"
            FROM (
              SELECT
                "t30"."target_content",
                "t30"."actor",
                "t30"."w",
                "t30"."content_id",
                "t30"."author_pid",
                "t30"."actor_pid",
                COALESCE("t30"."actor_pid", "t30"."actor") AS "responder"
              FROM (
                SELECT
                  "t29".*
                  EXCLUDE ("_actor_pid_identity")
                FROM (
                  SELECT
                    "t20"."target_content",
                    "t20"."actor",
                    "t20"."w",
                    "t28"."content_id",
                    "t28"."author_pid",
                    "t13"."_actor_pid_identity",
                    "t13"."actor_pid"
                  FROM (
                    SELECT
                      "t16"."target_content",
                      "t16"."actor",
                      SUM("t16"."w") AS "w"
                    FROM (
                      SELECT
                        "t1"."event_id",
                        "t1"."network",
                        "t1"."source_id",
                        "t1"."community",
                        "t1"."kind",
                        "t1"."subkind",
                        "t1"."actor",
                        "t1"."target_person",
                        "t1"."target_content",
                        "t1"."ts",
                        "t1"."value",
                        CASE
                          WHEN "t1"."kind" = 'accept'
                          THEN 3.0
                          WHEN "t1"."kind" = 'comment'
                          THEN 0.5
                          WHEN "t1"."kind" = 'quote'
                          THEN 1.0
                          WHEN "t1"."kind" = 'reaction'
                          THEN 1.0
                          WHEN "t1"."kind" = 'reply'
                          THEN 0.5
                          WHEN "t1"."kind" = 'reshare'
                          THEN 1.0
                          ELSE 0.0
                        END AS "w"
                      FROM "events" AS "t1"
                      WHERE
                        "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                        AND "t1"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                        AND "t1"."target_content" IS NOT NULL
                        AND (
                          (
                            "t1"."kind" <> 'reaction'
                          ) OR (
                            "t1"."value" > 0
                          )
                        )
                    ) AS "t16"
                    GROUP BY
                      1,
                      2
                  ) AS "t20"
                  INNER JOIN "t25" AS "t28"
                    ON "t20"."target_content" = "t28"."content_id"
                  LEFT OUTER JOIN (
                    SELECT
                      "t2"."identity_id" AS "_actor_pid_identity",
                      "t2"."person_id" AS "actor_pid"
                    FROM "identities" AS "t2"
                  ) AS "t13"
                    ON "t20"."actor" = "t13"."_actor_pid_identity"
                ) AS "t29"
              ) AS "t30"
              WHERE
                (
                  COALESCE("t30"."actor_pid", "t30"."actor") IS NULL
                )
                OR (
                  COALESCE("t30"."actor_pid", "t30"."actor") <> "t30"."author_pid"
                )
            ) AS "t31"
            GROUP BY
              1
          ) AS "t33"
            ON "t27"."content_id" = "t33"."g_content"
          INNER JOIN (
            SELECT
              "t0"."content_id" AS "m_content",
              "t0"."community"
            FROM "contents" AS "t0"
          ) AS "t7"
            ON "t27"."content_id" = "t7"."m_content"
        ) AS "t36"
        WHERE
          "t36"."community" IS NOT NULL
      ) AS "t38"
    ) AS "t44"
  ) AS "t48"
    ON "t27"."content_id" = "t48"."content_id"
), "t58" AS (
  SELECT
    "t57"."person_id",
    "t57"."topic",
    "t57"."value",
    "t57"."low",
    "t57"."high",
    "t57"."n",
    "t57"."recognition",
    ROW_NUMBER() OVER (
      PARTITION BY "t57"."person_id"
      ORDER BY CAST(ROUND("t57"."value", 9) AS DOUBLE) DESC, "t57"."topic" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_rk",
    COUNT("t57"."topic") OVER (
      PARTITION BY "t57"."person_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_topics"
  FROM (
    SELECT
      "t52"."author_pid" AS "person_id",
      "t52"."topic",
      (
        (
          "t52"."recognition" + (
            "t56"."mu_t" * 5.0
          )
        ) / (
          CAST("t52"."n" AS DOUBLE) + 5.0
        )
      ) * LN(CAST("t52"."n" AS DOUBLE) + 1.0) AS "value",
      GREATEST(
        (
          (
            "t52"."recognition" + (
              "t56"."mu_t" * 5.0
            )
          ) / (
            CAST("t52"."n" AS DOUBLE) + 5.0
          )
        ) - (
          SQRT("t56"."var_t" / (
            CAST("t52"."n" AS DOUBLE) + 5.0
          )) * 1.6448536269514715
        ),
        0.0
      ) * LN(CAST("t52"."n" AS DOUBLE) + 1.0) AS "low",
      (
        (
          (
            "t52"."recognition" + (
              "t56"."mu_t" * 5.0
            )
          ) / (
            CAST("t52"."n" AS DOUBLE) + 5.0
          )
        ) + (
          SQRT("t56"."var_t" / (
            CAST("t52"."n" AS DOUBLE) + 5.0
          )) * 1.6448536269514715
        )
      ) * LN(CAST("t52"."n" AS DOUBLE) + 1.0) AS "high",
      "t52"."n",
      "t52"."recognition"
    FROM (
      SELECT
        "t50"."author_pid",
        "t50"."topic",
        COUNT(*) AS "n",
        SUM("t50"."r") AS "recognition"
      FROM "t49" AS "t50"
      GROUP BY
        1,
        2
    ) AS "t52"
    INNER JOIN (
      SELECT
        "t54"."t_topic",
        (
          "t54"."st" + (
            "t46"."mu0" * 5.0
          )
        ) / (
          "t54"."nt" + 5.0
        ) AS "mu_t",
        (
          GREATEST("t54"."qt" - (
            (
              "t54"."st" * "t54"."st"
            ) / "t54"."nt"
          ), 0.0) + (
            "t46"."var0" * 5.0
          )
        ) / (
          "t54"."nt" + 5.0
        ) AS "var_t"
      FROM (
        SELECT
          "t50"."topic" AS "t_topic",
          CAST(COUNT(*) AS DOUBLE) AS "nt",
          SUM("t50"."r") AS "st",
          SUM("t50"."r" * "t50"."r") AS "qt"
        FROM "t49" AS "t50"
        GROUP BY
          1
      ) AS "t54"
      CROSS JOIN (
        SELECT
          "t40"."s0" / NULLIF("t40"."n0", 0.0) AS "mu0",
          GREATEST(
            (
              "t40"."q0" / NULLIF("t40"."n0", 0.0)
            ) - (
              (
                "t40"."s0" / NULLIF("t40"."n0", 0.0)
              ) * (
                "t40"."s0" / NULLIF("t40"."n0", 0.0)
              )
            ),
            0.0
          ) AS "var0"
        FROM (
          SELECT
            CAST(COUNT(*) AS DOUBLE) AS "n0",
            SUM("t34"."r") AS "s0",
            SUM("t34"."r" * "t34"."r") AS "q0"
          FROM (
            SELECT
              "t27"."content_id",
              "t27"."author_pid",
              COALESCE("t33"."r", 0.0) AS "r"
            FROM "t25" AS "t27"
            LEFT OUTER JOIN (
              SELECT
                "t31"."content_id" AS "g_content",
                SUM("t31"."w") AS "r"
              FROM (
                SELECT
                  "t30"."target_content",
                  "t30"."actor",
                  "t30"."w",
                  "t30"."content_id",
                  "t30"."author_pid",
                  "t30"."actor_pid",
                  COALESCE("t30"."actor_pid", "t30"."actor") AS "responder"
                FROM (
                  SELECT
                    "t29".*
                    EXCLUDE ("_actor_pid_identity")
                  FROM (
                    SELECT
                      "t20"."target_content",
                      "t20"."actor",
                      "t20"."w",
                      "t28"."content_id",
                      "t28"."author_pid",
                      "t13"."_actor_pid_identity",
                      "t13"."actor_pid"
                    FROM (
                      SELECT
                        "t16"."target_content",
                        "t16"."actor",
                        SUM("t16"."w") AS "w"
                      FROM (
                        SELECT
                          "t1"."event_id",
                          "t1"."network",
                          "t1"."source_id",
                          "t1"."community",
                          "t1"."kind",
                          "t1"."subkind",
                          "t1"."actor",
                          "t1"."target_person",
                          "t1"."target_content",
                          "t1"."ts",
                          "t1"."value",
                          CASE
                            WHEN "t1"."kind" = 'accept'
                            THEN 3.0
                            WHEN "t1"."kind" = 'comment'
                            THEN 0.5
                            WHEN "t1"."kind" = 'quote'
                            THEN 1.0
                            WHEN "t1"."kind" = 'reaction'
                            THEN 1.0
                            WHEN "t1"."kind" = 'reply'
                            THEN 0.5
                            WHEN "t1"."kind" = 'reshare'
                            THEN 1.0
                            ELSE 0.0
                          END AS "w"
                        FROM "events" AS "t1"
                        WHERE
                          "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                          AND "t1"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                          AND "t1"."target_content" IS NOT NULL
                          AND (
                            (
                              "t1"."kind" <> 'reaction'
                            ) OR (
                              "t1"."value" > 0
                            )
                          )
                      ) AS "t16"
                      GROUP BY
                        1,
                        2
                    ) AS "t20"
                    INNER JOIN "t25" AS "t28"
                      ON "t20"."target_content" = "t28"."content_id"
                    LEFT OUTER JOIN (
                      SELECT
                        "t2"."identity_id" AS "_actor_pid_identity",
                        "t2"."person_id" AS "actor_pid"
                      FROM "identities" AS "t2"
                    ) AS "t13"
                      ON "t20"."actor" = "t13"."_actor_pid_identity"
                  ) AS "t29"
                ) AS "t30"
                WHERE
                  (
                    COALESCE("t30"."actor_pid", "t30"."actor") IS NULL
                  )
                  OR (
                    COALESCE("t30"."actor_pid", "t30"."actor") <> "t30"."author_pid"
                  )
              ) AS "t31"
              GROUP BY
                1
            ) AS "t33"
              ON "t27"."content_id" = "t33"."g_content"
          ) AS "t34"
        ) AS "t40"
      ) AS "t46"
    ) AS "t56"
      ON "t52"."topic" = "t56"."t_topic"
  ) AS "t57"
)
SELECT
  "t66"."person_id",
  "t66"."score",
  "t66"."value",
  "t66"."low",
  "t66"."high",
  "t66"."components",
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST("t66"."_below" AS DOUBLE) + (
              CAST("t66"."_equal" AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / "t66"."_n"
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS "percentile"
FROM (
  SELECT
    "t65"."person_id",
    "t65"."score",
    "t65"."value",
    "t65"."low",
    "t65"."high",
    "t65"."components",
    "t65"."_key",
    RANK() OVER (
      PARTITION BY "t65"."score"
      ORDER BY "t65"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_below",
    COUNT("t65"."person_id") OVER (
      PARTITION BY "t65"."score"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_n",
    COUNT("t65"."person_id") OVER (
      PARTITION BY "t65"."score", "t65"."_key"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_equal"
  FROM (
    SELECT
      "t64"."person_id",
      "t64"."score",
      "t64"."value",
      "t64"."low",
      "t64"."high",
      "t64"."components",
      CAST(ROUND("t64"."value", 9) AS DOUBLE) AS "_key"
    FROM (
      SELECT
        "t61"."person_id",
        'expertise' AS "score",
        "t61"."value",
        "t61"."low",
        "t61"."high",
        {'topic': "t61"."topic", 'topic_n': "t61"."n", 'topic_recognition': "t61"."recognition", 'topic_2': "t63"."topic_2", 'topic_3': "t63"."topic_3", 'topics': "t61"."_topics"} AS "components"
      FROM (
        SELECT
          *
        FROM "t58" AS "t59"
        WHERE
          "t59"."_rk" = 0
      ) AS "t61"
      INNER JOIN (
        SELECT
          "t59"."person_id" AS "b_person",
          MAX("t59"."topic") FILTER(WHERE
            "t59"."_rk" = 1) AS "topic_2",
          MAX("t59"."topic") FILTER(WHERE
            "t59"."_rk" = 2) AS "topic_3"
        FROM "t58" AS "t59"
        GROUP BY
          1
      ) AS "t63"
        ON "t61"."person_id" = "t63"."b_person"
    ) AS "t64"
  ) AS "t65"
) AS "t66"

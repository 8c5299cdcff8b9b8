WITH "t13" AS (
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
    CAST(CASE
      WHEN "t1"."kind" = 'accept'
      THEN 0.2
      WHEN "t1"."kind" = 'adopt'
      THEN 0.5
      WHEN "t1"."kind" = 'comment'
      THEN 0.5
      WHEN "t1"."kind" = 'edit'
      THEN 0.2
      WHEN "t1"."kind" = 'mention'
      THEN 0.3
      WHEN "t1"."kind" = 'moderation'
      THEN 0.2
      WHEN "t1"."kind" = 'post'
      THEN 1.0
      WHEN "t1"."kind" = 'quote'
      THEN 0.8
      WHEN "t1"."kind" = 'reaction'
      THEN 0.1
      WHEN "t1"."kind" = 'reply'
      THEN 1.0
      WHEN "t1"."kind" = 'reshare'
      THEN 0.5
      ELSE 0.0
    END AS DOUBLE) AS "w"
  FROM "events" AS "t1"
  WHERE
    "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
    AND "t1"."ts" > MAKE_TIMESTAMPTZ(2021, 5, 4, 0, 0, 0.0, 'UTC')
    AND "t1"."actor" IS NOT NULL
), "t19" AS (
  SELECT
    "t15"."o_content",
    LOWER("t15"."topic") AS "topic"
  FROM (
    SELECT
      "t10"."content_id" AS "o_content",
      UNNEST("t10"."tags") AS "topic"
    FROM (
      SELECT
        *
      FROM "contents" AS "t2"
      WHERE
        "t2"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
        AND "t2"."tags" IS NOT NULL
    ) AS "t10"
  ) AS "t15"
  WHERE
    "t15"."topic" IS NOT NULL AND "t15"."topic" <> ''
), "t30" AS (
  SELECT
    *
  FROM (
    SELECT
      "t14"."event_id" AS "e_id",
      "t14"."actor",
      "t14"."ts",
      "t14"."w",
      "t14"."target_content" AS "content_id"
    FROM "t13" AS "t14"
    WHERE
      "t14"."w" > 0 AND "t14"."target_content" IS NOT NULL
  ) AS "t18"
  UNION
  SELECT
    *
  FROM (
    SELECT
      CAST("t26"."e_id" AS TEXT) AS "e_id",
      "t26"."actor",
      CAST("t26"."ts" AS TIMESTAMPTZ) AS "ts",
      CAST("t26"."w" AS DOUBLE) AS "w",
      "t26"."content_id"
    FROM (
      SELECT
        "t20"."e_id",
        "t20"."actor",
        "t20"."ts",
        "t20"."w",
        "t11"."m_content" AS "content_id"
      FROM (
        SELECT
          "t14"."event_id" AS "e_id",
          "t14"."actor",
          "t14"."ts",
          "t14"."w",
          "t14"."target_content"
        FROM "t13" AS "t14"
        WHERE
          "t14"."w" > 0
      ) AS "t20"
      INNER JOIN (
        SELECT
          "t2"."content_id" AS "m_content",
          "t2"."author" AS "m_author",
          "t2"."created_at" AS "m_at"
        FROM "contents" AS "t2"
        WHERE
          "t2"."author" IS NOT NULL
          AND "t2"."created_at" > MAKE_TIMESTAMPTZ(2021, 5, 4, 0, 0, 0.0, 'UTC')
          AND "t2"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
      ) AS "t11"
        ON "t20"."actor" = "t11"."m_author" AND "t20"."ts" = "t11"."m_at"
    ) AS "t26"
  ) AS "t28"
), "t37" AS (
  SELECT
    "t36"."content_id",
    "t9"."root",
    "t9"."community"
  FROM (
    SELECT DISTINCT
      "t31"."content_id"
    FROM "t30" AS "t31"
  ) AS "t36"
  INNER JOIN (
    SELECT
      "t2"."content_id" AS "c_id",
      "t2"."root_id" AS "root",
      "t2"."community"
    FROM "contents" AS "t2"
  ) AS "t9"
    ON "t36"."content_id" = "t9"."c_id"
), "t63" AS (
  SELECT
    "t62"."person_id",
    "t62"."score",
    "t62"."value",
    "t62"."low",
    "t62"."high",
    "t62"."components",
    CAST(ROUND("t62"."value", 9) AS DOUBLE) AS "_key"
  FROM (
    SELECT
      "t57"."pid" AS "person_id",
      'engagement' AS "score",
      (
        "t57"."a7" / 7.0
      ) * LEAST(COALESCE("t57"."a30" / NULLIF("t35"."all30", 0.0), 0.0), 1.0) * (
        GREATEST(
          LN(
            (
              (
                "t57"."a7" / 7.0
              ) + 0.14285714285714285
            ) / (
              (
                "t57"."b" / 90.0
              ) + 0.14285714285714285
            )
          ),
          0.0
        ) + 1.0
      ) AS "value",
      CAST(NULL AS DOUBLE) AS "low",
      CAST(NULL AS DOUBLE) AS "high",
      {'topic': "t57"."topic", 'rate_7': "t57"."a7" / 7.0, 'rate_30': "t57"."a30" / 30.0, 'baseline': "t57"."b" / 90.0, 'slope_7': LN(
        (
          (
            "t57"."a7" / 7.0
          ) + 0.14285714285714285
        ) / (
          (
            "t57"."b" / 90.0
          ) + 0.14285714285714285
        )
      ), 'slope_30': LN(
        (
          (
            "t57"."a30" / 30.0
          ) + 0.14285714285714285
        ) / (
          (
            "t57"."b" / 90.0
          ) + 0.14285714285714285
        )
      ), 'share': LEAST(COALESCE("t57"."a30" / NULLIF("t35"."all30", 0.0), 0.0), 1.0), 'topic_2': "t61"."topic_2", 'topic_3': "t61"."topic_3", 'topics': "t61"."_topics"} AS "components"
    FROM (
      SELECT
        "t55"."pid",
        "t55"."topic",
        COALESCE(CASE WHEN "t55"."n_a7" > 0 THEN "t55"."a7" ELSE 0.0 END, 0.0) AS "a7",
        COALESCE(CASE WHEN "t55"."n_a30" > 0 THEN "t55"."a30" ELSE 0.0 END, 0.0) AS "a30",
        COALESCE(CASE WHEN "t55"."n_b" > 0 THEN "t55"."b" ELSE 0.0 END, 0.0) AS "b"
      FROM (
        SELECT
          "t54".*
          EXCLUDE ("_pid_identity")
        FROM (
          SELECT
            "t53"."actor",
            "t53"."topic",
            "t53"."a7",
            "t53"."a30",
            "t53"."b",
            "t53"."n_a7",
            "t53"."n_a30",
            "t53"."n_b",
            "t6"."_pid_identity",
            "t6"."pid"
          FROM (
            SELECT
              "t51"."actor",
              "t51"."topic",
              CAST(SUM("t51"."a7") AS DOUBLE) AS "a7",
              CAST(SUM("t51"."a30") AS DOUBLE) AS "a30",
              CAST(SUM("t51"."b") AS DOUBLE) AS "b",
              CAST(SUM("t51"."n_a7") AS BIGINT) AS "n_a7",
              CAST(SUM("t51"."n_a30") AS BIGINT) AS "n_a30",
              CAST(SUM("t51"."n_b") AS BIGINT) AS "n_b"
            FROM (
              SELECT
                "t50"."actor",
                "t50"."topic",
                CASE
                  WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 25, 0, 0, 0.0, 'UTC')
                  THEN "t50"."w"
                  ELSE 0.0
                END AS "a7",
                CASE
                  WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                  THEN "t50"."w"
                  ELSE 0.0
                END AS "a30",
                CASE
                  WHEN NOT (
                    "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                  )
                  AND (
                    "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 5, 4, 0, 0, 0.0, 'UTC')
                  )
                  THEN "t50"."w"
                  ELSE 0.0
                END AS "b",
                CAST(CASE
                  WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 25, 0, 0, 0.0, 'UTC')
                  THEN 1
                  ELSE 0
                END AS BIGINT) AS "n_a7",
                CAST(CASE
                  WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                  THEN 1
                  ELSE 0
                END AS BIGINT) AS "n_a30",
                CAST(CASE
                  WHEN NOT (
                    "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                  )
                  AND (
                    "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 5, 4, 0, 0, 0.0, 'UTC')
                  )
                  THEN 1
                  ELSE 0
                END AS BIGINT) AS "n_b"
              FROM (
                SELECT DISTINCT
                  *
                FROM (
                  SELECT
                    "t32"."e_id",
                    "t32"."actor",
                    "t32"."ts",
                    "t32"."w",
                    "t48"."topic"
                  FROM "t30" AS "t32"
                  INNER JOIN (
                    SELECT
                      "t46"."t_content" AS "content_id",
                      "t46"."topic"
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
                              "t36"."content_id" AS "t_content",
                              "t23"."topic"
                            FROM (
                              SELECT DISTINCT
                                "t31"."content_id"
                              FROM "t30" AS "t31"
                            ) AS "t36"
                            INNER JOIN (
                              SELECT
                                "t2"."content_id" AS "c_id",
                                "t2"."root_id" AS "root",
                                "t2"."community"
                              FROM "contents" AS "t2"
                            ) AS "t9"
                              ON "t36"."content_id" = "t9"."c_id"
                            INNER JOIN "t19" AS "t23"
                              ON "t36"."content_id" = "t23"."o_content"
                          ) AS "t38"
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              "t42"."content_id" AS "t_content",
                              "t24"."topic"
                            FROM (
                              SELECT
                                *
                              FROM "t37" AS "t39"
                              WHERE
                                "t39"."root" IS NOT NULL AND "t39"."root" <> "t39"."content_id"
                            ) AS "t42"
                            INNER JOIN "t19" AS "t24"
                              ON "t42"."root" = "t24"."o_content"
                          ) AS "t43"
                        ) AS "t44"
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            "t39"."content_id" AS "t_content",
                            'community:' || "t39"."community" AS "topic"
                          FROM "t37" AS "t39"
                          WHERE
                            "t39"."community" IS NOT NULL
                        ) AS "t40"
                      ) AS "t45"
                    ) AS "t46"
                  ) AS "t48"
                    ON "t32"."content_id" = "t48"."content_id"
                ) AS "t49"
                ORDER BY
                  "t49"."ts" ASC
              ) AS "t50"
            ) AS "t51"
            GROUP BY
              1,
              2
          ) AS "t53"
          LEFT OUTER JOIN (
            SELECT
              "t0"."identity_id" AS "_pid_identity",
              "t0"."person_id" AS "pid"
            FROM "identities" AS "t0"
          ) AS "t6"
            ON "t53"."actor" = "t6"."_pid_identity"
        ) AS "t54"
      ) AS "t55"
      WHERE
        "t55"."pid" IS NOT NULL
        AND (
          (
            "t55"."n_a30" > 0
          ) OR (
            "t55"."n_b" > 0
          )
        )
    ) AS "t57"
    LEFT OUTER JOIN (
      SELECT
        "t29"."t_pid",
        SUM("t29"."all30") AS "all30"
      FROM (
        SELECT
          "t27"."actor",
          "t27"."all30",
          "t27"."t_pid"
        FROM (
          SELECT
            "t25"."actor",
            "t25"."all30",
            "t7"."_t_pid_identity",
            "t7"."t_pid"
          FROM (
            SELECT
              "t16"."actor",
              SUM("t16"."w") AS "all30"
            FROM (
              SELECT
                "t12"."event_id" AS "e_id",
                "t12"."actor",
                "t12"."ts",
                "t12"."w",
                "t12"."target_content"
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
                  CAST(CASE
                    WHEN "t1"."kind" = 'accept'
                    THEN 0.2
                    WHEN "t1"."kind" = 'adopt'
                    THEN 0.5
                    WHEN "t1"."kind" = 'comment'
                    THEN 0.5
                    WHEN "t1"."kind" = 'edit'
                    THEN 0.2
                    WHEN "t1"."kind" = 'mention'
                    THEN 0.3
                    WHEN "t1"."kind" = 'moderation'
                    THEN 0.2
                    WHEN "t1"."kind" = 'post'
                    THEN 1.0
                    WHEN "t1"."kind" = 'quote'
                    THEN 0.8
                    WHEN "t1"."kind" = 'reaction'
                    THEN 0.1
                    WHEN "t1"."kind" = 'reply'
                    THEN 1.0
                    WHEN "t1"."kind" = 'reshare'
                    THEN 0.5
                    ELSE 0.0
                  END AS DOUBLE) AS "w"
                FROM "events" AS "t1"
                WHERE
                  "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                  AND "t1"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                  AND "t1"."actor" IS NOT NULL
              ) AS "t12"
              WHERE
                "t12"."w" > 0
            ) AS "t16"
            GROUP BY
              1
          ) AS "t25"
          LEFT OUTER JOIN (
            SELECT
              "t0"."identity_id" AS "_t_pid_identity",
              "t0"."person_id" AS "t_pid"
            FROM "identities" AS "t0"
          ) AS "t7"
            ON "t25"."actor" = "t7"."_t_pid_identity"
        ) AS "t27"
      ) AS "t29"
      GROUP BY
        1
    ) AS "t35"
      ON "t57"."pid" = "t35"."t_pid"
    INNER JOIN (
      SELECT
        "t59"."person_id" AS "b_person",
        MAX("t59"."topic") FILTER(WHERE
          "t59"."_rk" = 0) AS "b_topic",
        MAX("t59"."topic") FILTER(WHERE
          "t59"."_rk" = 1) AS "topic_2",
        MAX("t59"."topic") FILTER(WHERE
          "t59"."_rk" = 2) AS "topic_3",
        COUNT(*) AS "_topics"
      FROM (
        SELECT
          "t58"."person_id",
          "t58"."topic",
          ROW_NUMBER() OVER (
            PARTITION BY CAST(CAST(HASH("t58"."person_id") AS BIT) AS BIGINT), "t58"."person_id"
            ORDER BY CASE
              WHEN (
                CAST(ROUND("t58"."value", 9) AS DOUBLE) > 0
              )
              AND NOT (
                STARTS_WITH("t58"."topic", 'community:')
              )
              THEN 0
              WHEN CAST(ROUND("t58"."value", 9) AS DOUBLE) > 0
              THEN 1
              ELSE 2
            END ASC, CAST(ROUND("t58"."value", 9) AS DOUBLE) DESC, "t58"."topic" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) - 1 AS "_rk"
        FROM (
          SELECT
            "t57"."pid" AS "person_id",
            "t57"."topic",
            (
              "t57"."a7" / 7.0
            ) * LEAST(COALESCE("t57"."a30" / NULLIF("t35"."all30", 0.0), 0.0), 1.0) * (
              GREATEST(
                LN(
                  (
                    (
                      "t57"."a7" / 7.0
                    ) + 0.14285714285714285
                  ) / (
                    (
                      "t57"."b" / 90.0
                    ) + 0.14285714285714285
                  )
                ),
                0.0
              ) + 1.0
            ) AS "value",
            CAST(NULL AS DOUBLE) AS "low",
            CAST(NULL AS DOUBLE) AS "high",
            "t57"."a7" / 7.0 AS "rate_7",
            "t57"."a30" / 30.0 AS "rate_30",
            "t57"."b" / 90.0 AS "baseline",
            LN(
              (
                (
                  "t57"."a7" / 7.0
                ) + 0.14285714285714285
              ) / (
                (
                  "t57"."b" / 90.0
                ) + 0.14285714285714285
              )
            ) AS "slope_7",
            LN(
              (
                (
                  "t57"."a30" / 30.0
                ) + 0.14285714285714285
              ) / (
                (
                  "t57"."b" / 90.0
                ) + 0.14285714285714285
              )
            ) AS "slope_30",
            LEAST(COALESCE("t57"."a30" / NULLIF("t35"."all30", 0.0), 0.0), 1.0) AS "share",
            "t57"."a7" AS "actions_7d",
            "t57"."a30" AS "actions_30d",
            "t57"."b" AS "actions_baseline"
          FROM (
            SELECT
              "t55"."pid",
              "t55"."topic",
              COALESCE(CASE WHEN "t55"."n_a7" > 0 THEN "t55"."a7" ELSE 0.0 END, 0.0) AS "a7",
              COALESCE(CASE WHEN "t55"."n_a30" > 0 THEN "t55"."a30" ELSE 0.0 END, 0.0) AS "a30",
              COALESCE(CASE WHEN "t55"."n_b" > 0 THEN "t55"."b" ELSE 0.0 END, 0.0) AS "b"
            FROM (
              SELECT
                "t54".*
                EXCLUDE ("_pid_identity")
              FROM (
                SELECT
                  "t53"."actor",
                  "t53"."topic",
                  "t53"."a7",
                  "t53"."a30",
                  "t53"."b",
                  "t53"."n_a7",
                  "t53"."n_a30",
                  "t53"."n_b",
                  "t6"."_pid_identity",
                  "t6"."pid"
                FROM (
                  SELECT
                    "t51"."actor",
                    "t51"."topic",
                    CAST(SUM("t51"."a7") AS DOUBLE) AS "a7",
                    CAST(SUM("t51"."a30") AS DOUBLE) AS "a30",
                    CAST(SUM("t51"."b") AS DOUBLE) AS "b",
                    CAST(SUM("t51"."n_a7") AS BIGINT) AS "n_a7",
                    CAST(SUM("t51"."n_a30") AS BIGINT) AS "n_a30",
                    CAST(SUM("t51"."n_b") AS BIGINT) AS "n_b"
                  FROM (
                    SELECT
                      "t50"."actor",
                      "t50"."topic",
                      CASE
                        WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 25, 0, 0, 0.0, 'UTC')
                        THEN "t50"."w"
                        ELSE 0.0
                      END AS "a7",
                      CASE
                        WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                        THEN "t50"."w"
                        ELSE 0.0
                      END AS "a30",
                      CASE
                        WHEN NOT (
                          "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                        )
                        AND (
                          "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 5, 4, 0, 0, 0.0, 'UTC')
                        )
                        THEN "t50"."w"
                        ELSE 0.0
                      END AS "b",
                      CAST(CASE
                        WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 25, 0, 0, 0.0, 'UTC')
                        THEN 1
                        ELSE 0
                      END AS BIGINT) AS "n_a7",
                      CAST(CASE
                        WHEN "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                        THEN 1
                        ELSE 0
                      END AS BIGINT) AS "n_a30",
                      CAST(CASE
                        WHEN NOT (
                          "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                        )
                        AND (
                          "t50"."ts" > MAKE_TIMESTAMPTZ(2021, 5, 4, 0, 0, 0.0, 'UTC')
                        )
                        THEN 1
                        ELSE 0
                      END AS BIGINT) AS "n_b"
                    FROM (
                      SELECT DISTINCT
                        *
                      FROM (
                        SELECT
                          "t32"."e_id",
                          "t32"."actor",
                          "t32"."ts",
                          "t32"."w",
                          "t48"."topic"
                        FROM "t30" AS "t32"
                        INNER JOIN (
                          SELECT
                            "t46"."t_content" AS "content_id",
                            "t46"."topic"
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
                                    "t36"."content_id" AS "t_content",
                                    "t23"."topic"
                                  FROM (
                                    SELECT DISTINCT
                                      "t31"."content_id"
                                    FROM "t30" AS "t31"
                                  ) AS "t36"
                                  INNER JOIN (
                                    SELECT
                                      "t2"."content_id" AS "c_id",
                                      "t2"."root_id" AS "root",
                                      "t2"."community"
                                    FROM "contents" AS "t2"
                                  ) AS "t9"
                                    ON "t36"."content_id" = "t9"."c_id"
                                  INNER JOIN "t19" AS "t23"
                                    ON "t36"."content_id" = "t23"."o_content"
                                ) AS "t38"
                                UNION ALL
                                SELECT
                                  *
                                FROM (
                                  SELECT
                                    "t42"."content_id" AS "t_content",
                                    "t24"."topic"
                                  FROM (
                                    SELECT
                                      *
                                    FROM "t37" AS "t39"
                                    WHERE
                                      "t39"."root" IS NOT NULL AND "t39"."root" <> "t39"."content_id"
                                  ) AS "t42"
                                  INNER JOIN "t19" AS "t24"
                                    ON "t42"."root" = "t24"."o_content"
                                ) AS "t43"
                              ) AS "t44"
                              UNION ALL
                              SELECT
                                *
                              FROM (
                                SELECT
                                  "t39"."content_id" AS "t_content",
                                  'community:' || "t39"."community" AS "topic"
                                FROM "t37" AS "t39"
                                WHERE
                                  "t39"."community" IS NOT NULL
                              ) AS "t40"
                            ) AS "t45"
                          ) AS "t46"
                        ) AS "t48"
                          ON "t32"."content_id" = "t48"."content_id"
                      ) AS "t49"
                      ORDER BY
                        "t49"."ts" ASC
                    ) AS "t50"
                  ) AS "t51"
                  GROUP BY
                    1,
                    2
                ) AS "t53"
                LEFT OUTER JOIN (
                  SELECT
                    "t0"."identity_id" AS "_pid_identity",
                    "t0"."person_id" AS "pid"
                  FROM "identities" AS "t0"
                ) AS "t6"
                  ON "t53"."actor" = "t6"."_pid_identity"
              ) AS "t54"
            ) AS "t55"
            WHERE
              "t55"."pid" IS NOT NULL
              AND (
                (
                  "t55"."n_a30" > 0
                ) OR (
                  "t55"."n_b" > 0
                )
              )
          ) AS "t57"
          LEFT OUTER JOIN (
            SELECT
              "t29"."t_pid",
              SUM("t29"."all30") AS "all30"
            FROM (
              SELECT
                "t27"."actor",
                "t27"."all30",
                "t27"."t_pid"
              FROM (
                SELECT
                  "t25"."actor",
                  "t25"."all30",
                  "t7"."_t_pid_identity",
                  "t7"."t_pid"
                FROM (
                  SELECT
                    "t16"."actor",
                    SUM("t16"."w") AS "all30"
                  FROM (
                    SELECT
                      "t12"."event_id" AS "e_id",
                      "t12"."actor",
                      "t12"."ts",
                      "t12"."w",
                      "t12"."target_content"
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
                        CAST(CASE
                          WHEN "t1"."kind" = 'accept'
                          THEN 0.2
                          WHEN "t1"."kind" = 'adopt'
                          THEN 0.5
                          WHEN "t1"."kind" = 'comment'
                          THEN 0.5
                          WHEN "t1"."kind" = 'edit'
                          THEN 0.2
                          WHEN "t1"."kind" = 'mention'
                          THEN 0.3
                          WHEN "t1"."kind" = 'moderation'
                          THEN 0.2
                          WHEN "t1"."kind" = 'post'
                          THEN 1.0
                          WHEN "t1"."kind" = 'quote'
                          THEN 0.8
                          WHEN "t1"."kind" = 'reaction'
                          THEN 0.1
                          WHEN "t1"."kind" = 'reply'
                          THEN 1.0
                          WHEN "t1"."kind" = 'reshare'
                          THEN 0.5
                          ELSE 0.0
                        END AS DOUBLE) AS "w"
                      FROM "events" AS "t1"
                      WHERE
                        "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                        AND "t1"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
                        AND "t1"."actor" IS NOT NULL
                    ) AS "t12"
                    WHERE
                      "t12"."w" > 0
                  ) AS "t16"
                  GROUP BY
                    1
                ) AS "t25"
                LEFT OUTER JOIN (
                  SELECT
                    "t0"."identity_id" AS "_t_pid_identity",
                    "t0"."person_id" AS "t_pid"
                  FROM "identities" AS "t0"
                ) AS "t7"
                  ON "t25"."actor" = "t7"."_t_pid_identity"
              ) AS "t27"
            ) AS "t29"
            GROUP BY
              1
          ) AS "t35"
            ON "t57"."pid" = "t35"."t_pid"
        ) AS "t58"
      ) AS "t59"
      GROUP BY
        1
    ) AS "t61"
      ON "t57"."pid" = "t61"."b_person" AND "t57"."topic" = "t61"."b_topic"
  ) AS "t62"
)
SELECT
  "t70".*
  EXCLUDE ("_key")
FROM (
  SELECT
    "t65"."person_id",
    "t65"."score",
    "t65"."value",
    "t65"."low",
    "t65"."high",
    "t65"."components",
    "t65"."_key",
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST("t69"."_below" AS DOUBLE) + (
                CAST("t69"."_equal" AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST("t69"."_n" AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS "percentile"
  FROM "t63" AS "t65"
  INNER JOIN (
    SELECT
      "t67"."score" AS "_k_score",
      "t67"."_key",
      "t67"."_equal",
      "t67"."_below",
      "t67"."_n"
    FROM (
      SELECT
        "t66"."score",
        "t66"."_key",
        "t66"."_equal",
        SUM("t66"."_equal") OVER (
          PARTITION BY "t66"."score"
          ORDER BY "t66"."_key" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - "t66"."_equal" AS "_below",
        SUM("t66"."_equal") OVER (
          PARTITION BY "t66"."score"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "_n"
      FROM (
        SELECT
          "t64"."score",
          "t64"."_key",
          COUNT(*) AS "_equal"
        FROM "t63" AS "t64"
        GROUP BY
          1,
          2
      ) AS "t66"
    ) AS "t67"
  ) AS "t69"
    ON "t65"."score" = "t69"."_k_score" AND "t65"."_key" = "t69"."_key"
) AS "t70"

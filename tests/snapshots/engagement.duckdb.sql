WITH "t12" AS (
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
    AND "t1"."actor" IS NOT NULL
    AND "t1"."ts" > MAKE_TIMESTAMPTZ(2021, 5, 4, 0, 0, 0.0, 'UTC')
), "t18" AS (
  SELECT
    "t14"."o_content",
    LOWER("t14"."topic") AS "topic"
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
  ) AS "t14"
  WHERE
    "t14"."topic" IS NOT NULL AND "t14"."topic" <> ''
), "t28" AS (
  SELECT
    *
  FROM (
    SELECT
      "t13"."event_id" AS "e_id",
      "t13"."actor",
      "t13"."ts",
      "t13"."w",
      "t13"."target_content" AS "content_id"
    FROM "t12" AS "t13"
    WHERE
      "t13"."w" > 0 AND "t13"."target_content" IS NOT NULL
  ) AS "t17"
  UNION
  SELECT
    *
  FROM (
    SELECT
      CAST("t25"."e_id" AS TEXT) AS "e_id",
      "t25"."actor",
      CAST("t25"."ts" AS TIMESTAMPTZ) AS "ts",
      CAST("t25"."w" AS DOUBLE) AS "w",
      "t25"."content_id"
    FROM (
      SELECT
        "t19"."e_id",
        "t19"."actor",
        "t19"."ts",
        "t19"."w",
        "t11"."m_content" AS "content_id"
      FROM (
        SELECT
          "t13"."event_id" AS "e_id",
          "t13"."actor",
          "t13"."ts",
          "t13"."w",
          "t13"."target_content"
        FROM "t12" AS "t13"
        WHERE
          "t13"."w" > 0
      ) AS "t19"
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
        ON "t19"."actor" = "t11"."m_author" AND "t19"."ts" = "t11"."m_at"
    ) AS "t25"
  ) AS "t27"
), "t36" AS (
  SELECT
    "t34"."content_id",
    "t9"."c_id",
    "t9"."root",
    "t9"."community"
  FROM (
    SELECT DISTINCT
      "t30"."content_id"
    FROM "t28" AS "t30"
  ) AS "t34"
  INNER JOIN (
    SELECT
      "t2"."content_id" AS "c_id",
      "t2"."root_id" AS "root",
      "t2"."community"
    FROM "contents" AS "t2"
  ) AS "t9"
    ON "t34"."content_id" = "t9"."c_id"
), "t58" AS (
  SELECT
    "t57"."person_id",
    "t57"."topic",
    "t57"."value",
    "t57"."low",
    "t57"."high",
    "t57"."rate_7",
    "t57"."rate_30",
    "t57"."baseline",
    "t57"."slope_7",
    "t57"."slope_30",
    "t57"."share",
    "t57"."actions_7d",
    "t57"."actions_30d",
    "t57"."actions_baseline",
    ROW_NUMBER() OVER (
      PARTITION BY "t57"."person_id"
      ORDER BY CASE
        WHEN (
          CAST(ROUND("t57"."value", 9) AS DOUBLE) > 0
        )
        AND NOT (
          STARTS_WITH("t57"."topic", 'community:')
        )
        THEN 0
        WHEN CAST(ROUND("t57"."value", 9) AS DOUBLE) > 0
        THEN 1
        ELSE 2
      END ASC, CAST(ROUND("t57"."value", 9) AS DOUBLE) DESC, "t57"."topic" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_rk",
    COUNT("t57"."topic") OVER (
      PARTITION BY "t57"."person_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_topics"
  FROM (
    SELECT
      "t56"."pid" AS "person_id",
      "t56"."topic",
      (
        "t56"."a7" / 7.0
      ) * LEAST(COALESCE("t56"."a30" / NULLIF("t35"."all30", 0.0), 0.0), 1.0) * (
        GREATEST(
          LN(
            (
              (
                "t56"."a7" / 7.0
              ) + 0.14285714285714285
            ) / (
              (
                "t56"."b" / 90.0
              ) + 0.14285714285714285
            )
          ),
          0.0
        ) + 1.0
      ) AS "value",
      CAST(NULL AS DOUBLE) AS "low",
      CAST(NULL AS DOUBLE) AS "high",
      "t56"."a7" / 7.0 AS "rate_7",
      "t56"."a30" / 30.0 AS "rate_30",
      "t56"."b" / 90.0 AS "baseline",
      LN(
        (
          (
            "t56"."a7" / 7.0
          ) + 0.14285714285714285
        ) / (
          (
            "t56"."b" / 90.0
          ) + 0.14285714285714285
        )
      ) AS "slope_7",
      LN(
        (
          (
            "t56"."a30" / 30.0
          ) + 0.14285714285714285
        ) / (
          (
            "t56"."b" / 90.0
          ) + 0.14285714285714285
        )
      ) AS "slope_30",
      LEAST(COALESCE("t56"."a30" / NULLIF("t35"."all30", 0.0), 0.0), 1.0) AS "share",
      "t56"."a7" AS "actions_7d",
      "t56"."a30" AS "actions_30d",
      "t56"."b" AS "actions_baseline"
    FROM (
      SELECT
        "t54"."pid",
        "t54"."topic",
        COALESCE(SUM("t54"."a7"), 0.0) AS "a7",
        COALESCE(SUM("t54"."a30"), 0.0) AS "a30",
        COALESCE(SUM("t54"."b"), 0.0) AS "b"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t52".*
            EXCLUDE ("_pid_identity")
          FROM (
            SELECT
              "t51"."actor",
              "t51"."topic",
              "t51"."a7",
              "t51"."a30",
              "t51"."b",
              "t6"."_pid_identity",
              "t6"."pid"
            FROM (
              SELECT
                "t49"."actor",
                "t49"."topic",
                SUM("t49"."w") FILTER(WHERE
                  "t49"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 25, 0, 0, 0.0, 'UTC')) AS "a7",
                SUM("t49"."w") FILTER(WHERE
                  "t49"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')) AS "a30",
                SUM("t49"."w") FILTER(WHERE
                  "t49"."ts" <= MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')) AS "b"
              FROM (
                SELECT DISTINCT
                  *
                FROM (
                  SELECT
                    "t31"."e_id",
                    "t31"."actor",
                    "t31"."ts",
                    "t31"."w",
                    "t47"."topic"
                  FROM "t28" AS "t31"
                  INNER JOIN (
                    SELECT
                      "t45"."t_content" AS "content_id",
                      "t45"."topic"
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
                              "t34"."content_id" AS "t_content",
                              "t21"."topic"
                            FROM (
                              SELECT DISTINCT
                                "t30"."content_id"
                              FROM "t28" AS "t30"
                            ) AS "t34"
                            INNER JOIN (
                              SELECT
                                "t2"."content_id" AS "c_id",
                                "t2"."root_id" AS "root",
                                "t2"."community"
                              FROM "contents" AS "t2"
                            ) AS "t9"
                              ON "t34"."content_id" = "t9"."c_id"
                            INNER JOIN "t18" AS "t21"
                              ON "t34"."content_id" = "t21"."o_content"
                          ) AS "t37"
                          UNION ALL
                          SELECT
                            *
                          FROM (
                            SELECT
                              "t41"."content_id" AS "t_content",
                              "t22"."topic"
                            FROM (
                              SELECT
                                *
                              FROM "t36" AS "t38"
                              WHERE
                                "t38"."root" IS NOT NULL AND "t38"."root" <> "t38"."content_id"
                            ) AS "t41"
                            INNER JOIN "t18" AS "t22"
                              ON "t41"."root" = "t22"."o_content"
                          ) AS "t42"
                        ) AS "t43"
                        UNION ALL
                        SELECT
                          *
                        FROM (
                          SELECT
                            "t38"."content_id" AS "t_content",
                            'community:' || "t38"."community" AS "topic"
                          FROM "t36" AS "t38"
                          WHERE
                            "t38"."community" IS NOT NULL
                        ) AS "t39"
                      ) AS "t44"
                    ) AS "t45"
                  ) AS "t47"
                    ON "t31"."content_id" = "t47"."content_id"
                ) AS "t48"
              ) AS "t49"
              GROUP BY
                1,
                2
            ) AS "t51"
            LEFT OUTER JOIN (
              SELECT
                "t0"."identity_id" AS "_pid_identity",
                "t0"."person_id" AS "pid"
              FROM "identities" AS "t0"
            ) AS "t6"
              ON "t51"."actor" = "t6"."_pid_identity"
          ) AS "t52"
        ) AS "t53"
        WHERE
          "t53"."pid" IS NOT NULL
      ) AS "t54"
      GROUP BY
        1,
        2
    ) AS "t56"
    LEFT OUTER JOIN (
      SELECT
        "t29"."t_pid",
        SUM("t29"."all30") AS "all30"
      FROM (
        SELECT
          "t26"."actor",
          "t26"."all30",
          "t26"."t_pid"
        FROM (
          SELECT
            "t24"."actor",
            "t24"."all30",
            "t7"."_t_pid_identity",
            "t7"."t_pid"
          FROM (
            SELECT
              "t15"."actor",
              SUM("t15"."w") AS "all30"
            FROM (
              SELECT
                "t13"."event_id" AS "e_id",
                "t13"."actor",
                "t13"."ts",
                "t13"."w",
                "t13"."target_content"
              FROM "t12" AS "t13"
              WHERE
                "t13"."w" > 0 AND "t13"."ts" > MAKE_TIMESTAMPTZ(2021, 8, 2, 0, 0, 0.0, 'UTC')
            ) AS "t15"
            GROUP BY
              1
          ) AS "t24"
          LEFT OUTER JOIN (
            SELECT
              "t0"."identity_id" AS "_t_pid_identity",
              "t0"."person_id" AS "t_pid"
            FROM "identities" AS "t0"
          ) AS "t7"
            ON "t24"."actor" = "t7"."_t_pid_identity"
        ) AS "t26"
      ) AS "t29"
      GROUP BY
        1
    ) AS "t35"
      ON "t56"."pid" = "t35"."t_pid"
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
        'engagement' AS "score",
        "t61"."value",
        CAST(NULL AS DOUBLE) AS "low",
        CAST(NULL AS DOUBLE) AS "high",
        {'topic': "t61"."topic", 'rate_7': "t61"."rate_7", 'rate_30': "t61"."rate_30", 'baseline': "t61"."baseline", 'slope_7': "t61"."slope_7", 'slope_30': "t61"."slope_30", 'share': "t61"."share", 'topic_2': "t63"."topic_2", 'topic_3': "t63"."topic_3", 'topics': "t61"."_topics"} AS "components"
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

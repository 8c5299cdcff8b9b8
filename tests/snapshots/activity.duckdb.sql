SELECT
  "t23"."person_id",
  "t23"."score",
  "t23"."value",
  "t23"."low",
  "t23"."high",
  "t23"."components",
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST("t23"."_below" AS DOUBLE) + (
              CAST("t23"."_equal" AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / "t23"."_n"
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS "percentile"
FROM (
  SELECT
    "t22"."person_id",
    "t22"."score",
    "t22"."value",
    "t22"."low",
    "t22"."high",
    "t22"."components",
    "t22"."_key",
    RANK() OVER (
      PARTITION BY "t22"."score"
      ORDER BY "t22"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_below",
    COUNT("t22"."person_id") OVER (
      PARTITION BY "t22"."score"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_n",
    COUNT("t22"."person_id") OVER (
      PARTITION BY "t22"."score", "t22"."_key"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_equal"
  FROM (
    SELECT
      "t21"."person_id",
      "t21"."score",
      "t21"."value",
      "t21"."low",
      "t21"."high",
      "t21"."components",
      CAST(ROUND("t21"."value", 9) AS DOUBLE) AS "_key"
    FROM (
      SELECT
        "t14"."person_id",
        'activity' AS "score",
        COALESCE("t20"."activity", 0.0) AS "value",
        CAST(NULL AS DOUBLE) AS "low",
        CAST(NULL AS DOUBLE) AS "high",
        {'events': COALESCE("t20"."events", 0), 'recent_30d': COALESCE("t20"."recent_30d", 0), 'days_since_last': "t20"."days_since_last"} AS "components"
      FROM (
        SELECT DISTINCT
          "t12"."person_id"
        FROM (
          SELECT
            "t10"."identity",
            "t6"."_person_id_identity",
            "t6"."person_id"
          FROM (
            SELECT
              *
            FROM (
              SELECT
                "t0"."actor" AS "identity"
              FROM "events" AS "t0"
              WHERE
                "t0"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                AND "t0"."actor" IS NOT NULL
            ) AS "t4"
            UNION
            SELECT
              *
            FROM (
              SELECT
                "t0"."target_person" AS "identity"
              FROM "events" AS "t0"
              WHERE
                "t0"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                AND "t0"."target_person" IS NOT NULL
            ) AS "t5"
          ) AS "t10"
          LEFT OUTER JOIN (
            SELECT
              "t1"."identity_id" AS "_person_id_identity",
              "t1"."person_id"
            FROM "identities" AS "t1"
          ) AS "t6"
            ON "t10"."identity" = "t6"."_person_id_identity"
        ) AS "t12"
        WHERE
          "t12"."person_id" IS NOT NULL
      ) AS "t14"
      LEFT OUTER JOIN (
        SELECT
          "t18"."pid",
          SUM("t18"."activity") AS "activity",
          SUM("t18"."events") AS "events",
          SUM("t18"."recent_30d") AS "recent_30d",
          MIN("t18"."days_since_last") AS "days_since_last"
        FROM (
          SELECT
            "t17".*
            EXCLUDE ("_pid_identity")
          FROM (
            SELECT
              "t16"."actor",
              "t16"."activity",
              "t16"."events",
              "t16"."recent_30d",
              "t16"."days_since_last",
              "t7"."_pid_identity",
              "t7"."pid"
            FROM (
              SELECT
                "t11"."actor",
                SUM(
                  "t11"."w" * EXP(
                    (
                      CAST(DATE_DIFF('MILLISECOND', CAST("t11"."ts" AS TIMESTAMP), MAKE_TIMESTAMP(2021, 9, 1, 0, 0, 0.0)) AS DOUBLE) / 86400000.0
                    ) * -0.049510512897138946
                  )
                ) AS "activity",
                COUNT(*) AS "events",
                SUM(
                  CAST((
                    CAST(DATE_DIFF('MILLISECOND', CAST("t11"."ts" AS TIMESTAMP), MAKE_TIMESTAMP(2021, 9, 1, 0, 0, 0.0)) AS DOUBLE) / 86400000.0
                  ) <= 30.0 AS BIGINT)
                ) AS "recent_30d",
                MIN(
                  CAST(DATE_DIFF('MILLISECOND', CAST("t11"."ts" AS TIMESTAMP), MAKE_TIMESTAMP(2021, 9, 1, 0, 0, 0.0)) AS DOUBLE) / 86400000.0
                ) AS "days_since_last"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t0"."event_id",
                    "t0"."network",
                    "t0"."source_id",
                    "t0"."community",
                    "t0"."kind",
                    "t0"."subkind",
                    "t0"."actor",
                    "t0"."target_person",
                    "t0"."target_content",
                    "t0"."ts",
                    "t0"."value",
                    CASE
                      WHEN "t0"."kind" = 'accept'
                      THEN 0.2
                      WHEN "t0"."kind" = 'adopt'
                      THEN 0.5
                      WHEN "t0"."kind" = 'comment'
                      THEN 0.5
                      WHEN "t0"."kind" = 'edit'
                      THEN 0.2
                      WHEN "t0"."kind" = 'mention'
                      THEN 0.3
                      WHEN "t0"."kind" = 'moderation'
                      THEN 0.2
                      WHEN "t0"."kind" = 'post'
                      THEN 1.0
                      WHEN "t0"."kind" = 'quote'
                      THEN 0.8
                      WHEN "t0"."kind" = 'reaction'
                      THEN 0.1
                      WHEN "t0"."kind" = 'reply'
                      THEN 1.0
                      WHEN "t0"."kind" = 'reshare'
                      THEN 0.5
                      ELSE 0.0
                    END AS "w"
                  FROM "events" AS "t0"
                  WHERE
                    "t0"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                    AND "t0"."actor" IS NOT NULL
                ) AS "t9"
                WHERE
                  "t9"."w" > 0
              ) AS "t11"
              GROUP BY
                1
            ) AS "t16"
            LEFT OUTER JOIN (
              SELECT
                "t1"."identity_id" AS "_pid_identity",
                "t1"."person_id" AS "pid"
              FROM "identities" AS "t1"
            ) AS "t7"
              ON "t16"."actor" = "t7"."_pid_identity"
          ) AS "t17"
        ) AS "t18"
        GROUP BY
          1
      ) AS "t20"
        ON "t14"."person_id" = "t20"."pid"
    ) AS "t21"
  ) AS "t22"
) AS "t23"

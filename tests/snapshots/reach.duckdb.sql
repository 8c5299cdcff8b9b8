WITH "t35" AS (
  SELECT
    "t34"."person_id",
    "t34"."score",
    "t34"."value",
    "t34"."low",
    "t34"."high",
    "t34"."components",
    CAST(ROUND("t34"."value", 9) AS DOUBLE) AS "_key"
  FROM (
    SELECT
      "t24"."person_id",
      'reach' AS "score",
      CAST(COALESCE("t33"."reach", 0) AS DOUBLE) AS "value",
      CAST(NULL AS DOUBLE) AS "low",
      CAST(NULL AS DOUBLE) AS "high",
      {'engagements': COALESCE("t33"."engagements", 0), 'anonymous': COALESCE("t28"."anonymous", 0), 'followers': "t13"."followers"} AS "components"
    FROM (
      SELECT DISTINCT
        "t20"."person_id"
      FROM (
        SELECT
          "t15"."identity",
          "t6"."_person_id_identity",
          "t6"."person_id"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t1"."actor" AS "identity"
            FROM "events" AS "t1"
            WHERE
              "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
              AND "t1"."actor" IS NOT NULL
          ) AS "t9"
          UNION
          SELECT
            *
          FROM (
            SELECT
              "t1"."target_person" AS "identity"
            FROM "events" AS "t1"
            WHERE
              "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
              AND "t1"."target_person" IS NOT NULL
          ) AS "t10"
        ) AS "t15"
        LEFT OUTER JOIN (
          SELECT
            "t0"."identity_id" AS "_person_id_identity",
            "t0"."person_id"
          FROM "identities" AS "t0"
        ) AS "t6"
          ON "t15"."identity" = "t6"."_person_id_identity"
      ) AS "t20"
      WHERE
        "t20"."person_id" IS NOT NULL
    ) AS "t24"
    LEFT OUTER JOIN (
      SELECT
        "t31"."target_pid",
        COUNT(*) AS "reach",
        SUM("t31"."n") AS "engagements"
      FROM (
        SELECT
          COALESCE("t30"."actor_pid", "t30"."actor") AS "engager",
          "t30"."target_pid",
          "t30"."n"
        FROM (
          SELECT
            "t29".*
            EXCLUDE ("_target_pid_identity")
          FROM (
            SELECT
              "t26"."actor",
              "t26"."target_person",
              "t26"."n",
              "t26"."actor_pid",
              "t7"."_target_pid_identity",
              "t7"."target_pid"
            FROM (
              SELECT
                "t23".*
                EXCLUDE ("_actor_pid_identity")
              FROM (
                SELECT
                  "t19"."actor",
                  "t19"."target_person",
                  "t19"."n",
                  "t8"."_actor_pid_identity",
                  "t8"."actor_pid"
                FROM (
                  SELECT
                    "t12"."actor",
                    "t12"."target_person",
                    CAST(SUM("t12"."n") AS BIGINT) AS "n"
                  FROM (
                    SELECT
                      "t1"."actor",
                      "t1"."target_person",
                      1 AS "n"
                    FROM "events" AS "t1"
                    WHERE
                      "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                      AND "t1"."ts" > MAKE_TIMESTAMPTZ(2021, 6, 3, 0, 0, 0.0, 'UTC')
                      AND "t1"."kind" IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
                      AND "t1"."target_person" IS NOT NULL
                      AND "t1"."actor" IS NOT NULL
                  ) AS "t12"
                  GROUP BY
                    1,
                    2
                ) AS "t19"
                LEFT OUTER JOIN (
                  SELECT
                    "t0"."identity_id" AS "_actor_pid_identity",
                    "t0"."person_id" AS "actor_pid"
                  FROM "identities" AS "t0"
                ) AS "t8"
                  ON "t19"."actor" = "t8"."_actor_pid_identity"
              ) AS "t23"
            ) AS "t26"
            LEFT OUTER JOIN (
              SELECT
                "t0"."identity_id" AS "_target_pid_identity",
                "t0"."person_id" AS "target_pid"
              FROM "identities" AS "t0"
            ) AS "t7"
              ON "t26"."target_person" = "t7"."_target_pid_identity"
          ) AS "t29"
        ) AS "t30"
        WHERE
          "t30"."target_pid" IS NOT NULL
          AND COALESCE("t30"."actor_pid", "t30"."actor") <> "t30"."target_pid"
          AND "t30"."n" > 0
      ) AS "t31"
      GROUP BY
        1
    ) AS "t33"
      ON "t24"."person_id" = "t33"."target_pid"
    LEFT OUTER JOIN (
      SELECT
        "t22"."target_pid" AS "anon_pid",
        "t22"."n" AS "anonymous"
      FROM (
        SELECT
          "t18"."target_person",
          "t18"."n",
          "t7"."_target_pid_identity",
          "t7"."target_pid"
        FROM (
          SELECT
            "t11"."target_person",
            CAST(SUM("t11"."n") AS BIGINT) AS "n"
          FROM (
            SELECT
              "t1"."target_person",
              1 AS "n"
            FROM "events" AS "t1"
            WHERE
              "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
              AND "t1"."ts" > MAKE_TIMESTAMPTZ(2021, 6, 3, 0, 0, 0.0, 'UTC')
              AND "t1"."kind" IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
              AND "t1"."target_person" IS NOT NULL
              AND "t1"."actor" IS NULL
          ) AS "t11"
          GROUP BY
            1
        ) AS "t18"
        LEFT OUTER JOIN (
          SELECT
            "t0"."identity_id" AS "_target_pid_identity",
            "t0"."person_id" AS "target_pid"
          FROM "identities" AS "t0"
        ) AS "t7"
          ON "t18"."target_person" = "t7"."_target_pid_identity"
      ) AS "t22"
      WHERE
        "t22"."target_pid" IS NOT NULL AND "t22"."n" > 0
    ) AS "t28"
      ON "t24"."person_id" = "t28"."anon_pid"
    LEFT OUTER JOIN (
      SELECT
        "t0"."person_id" AS "fol_pid",
        MAX("t0"."followers") AS "followers"
      FROM "identities" AS "t0"
      GROUP BY
        1
    ) AS "t13"
      ON "t24"."person_id" = "t13"."fol_pid"
  ) AS "t34"
)
SELECT
  "t42".*
  EXCLUDE ("_key")
FROM (
  SELECT
    "t37"."person_id",
    "t37"."score",
    "t37"."value",
    "t37"."low",
    "t37"."high",
    "t37"."components",
    "t37"."_key",
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST("t41"."_below" AS DOUBLE) + (
                CAST("t41"."_equal" AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST("t41"."_n" AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS "percentile"
  FROM "t35" AS "t37"
  INNER JOIN (
    SELECT
      "t39"."score" AS "_k_score",
      "t39"."_key",
      "t39"."_equal",
      "t39"."_below",
      "t39"."_n"
    FROM (
      SELECT
        "t38"."score",
        "t38"."_key",
        "t38"."_equal",
        SUM("t38"."_equal") OVER (
          PARTITION BY "t38"."score"
          ORDER BY "t38"."_key" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - "t38"."_equal" AS "_below",
        SUM("t38"."_equal") OVER (
          PARTITION BY "t38"."score"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "_n"
      FROM (
        SELECT
          "t36"."score",
          "t36"."_key",
          COUNT(*) AS "_equal"
        FROM "t35" AS "t36"
        GROUP BY
          1,
          2
      ) AS "t38"
    ) AS "t39"
  ) AS "t41"
    ON "t37"."score" = "t41"."_k_score" AND "t37"."_key" = "t41"."_key"
) AS "t42"

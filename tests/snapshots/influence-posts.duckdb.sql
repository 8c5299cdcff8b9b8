WITH "t3" AS (
  SELECT
    "t2"."identity_id" AS "_author_pid_identity",
    "t2"."person_id" AS "author_pid"
  FROM "identities" AS "t2"
), "t19" AS (
  SELECT
    "t13"."event_id",
    "t13"."network",
    "t13"."source_id",
    "t13"."community",
    "t13"."kind",
    "t13"."subkind",
    "t13"."actor",
    "t13"."target_person",
    "t13"."target_content",
    "t13"."ts",
    "t13"."value"
  FROM (
    SELECT
      *
    FROM "events" AS "t1"
    WHERE
      "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
  ) AS "t13"
  ANTI JOIN (
    SELECT DISTINCT
      "t0"."network" AS "c_network"
    FROM "contents" AS "t0"
    WHERE
      "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
  ) AS "t12"
    ON "t13"."network" = "t12"."c_network"
), "t38" AS (
  SELECT
    *
  FROM (
    SELECT
      "t23"."content_id" AS "opp",
      MAKE_DATE(1970, 1, 1) AS "day",
      "t23"."author_pid",
      "t23"."created_at" AS "posted_at",
      FALSE AS "virtual"
    FROM (
      SELECT
        "t21".*
        EXCLUDE ("_author_pid_identity")
      FROM (
        SELECT
          "t11"."content_id",
          "t11"."author",
          "t11"."created_at",
          "t16"."_author_pid_identity",
          "t16"."author_pid"
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
        ) AS "t11"
        ANTI JOIN (
          SELECT DISTINCT
            "t1"."actor" AS "w_actor",
            "t1"."ts" AS "w_ts"
          FROM "events" AS "t1"
          WHERE
            "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
            AND "t1"."kind" = 'reshare'
            AND "t1"."actor" IS NOT NULL
        ) AS "t14"
          ON "t11"."author" = "t14"."w_actor" AND "t11"."created_at" = "t14"."w_ts"
        LEFT OUTER JOIN "t3" AS "t16"
          ON "t11"."author" = "t16"."_author_pid_identity"
      ) AS "t21"
    ) AS "t23"
    WHERE
      "t23"."author_pid" IS NOT NULL
  ) AS "t25"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t36"."opp",
      "t36"."day",
      "t36"."author_pid",
      CAST(CAST("t36"."day" AS TIMESTAMP) AS TIMESTAMPTZ) AS "posted_at",
      TRUE AS "virtual"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t29"."author_pid" AS "opp",
          "t29"."day",
          "t29"."author_pid"
        FROM (
          SELECT
            "t26"."actor",
            "t26"."day",
            "t17"."_author_pid_identity",
            "t17"."author_pid"
          FROM (
            SELECT DISTINCT
              "t22"."actor",
              CAST("t22"."ts" AS DATE) AS "day"
            FROM "t19" AS "t22"
            WHERE
              "t22"."target_content" IS NULL
              AND "t22"."kind" IN ('post', 'reply', 'quote', 'reshare', 'mention')
              AND "t22"."actor" IS NOT NULL
          ) AS "t26"
          LEFT OUTER JOIN "t3" AS "t17"
            ON "t26"."actor" = "t17"."_author_pid_identity"
        ) AS "t29"
        WHERE
          "t29"."author_pid" IS NOT NULL
      ) AS "t31"
      UNION
      SELECT
        *
      FROM (
        SELECT
          "t33"."author_pid" AS "opp",
          "t33"."day",
          "t33"."author_pid"
        FROM (
          SELECT
            "t32".*
            EXCLUDE ("_author_pid_identity")
          FROM (
            SELECT
              "t30"."target_person",
              "t30"."actor",
              "t30"."day",
              "t30"."n",
              "t30"."first",
              "t17"."_author_pid_identity",
              "t17"."author_pid"
            FROM (
              SELECT
                "t27"."target_person",
                "t27"."actor",
                "t27"."day",
                COUNT(*) AS "n",
                MIN("t27"."ts") AS "first"
              FROM (
                SELECT
                  "t22"."event_id",
                  "t22"."network",
                  "t22"."source_id",
                  "t22"."community",
                  "t22"."kind",
                  "t22"."subkind",
                  "t22"."actor",
                  "t22"."target_person",
                  "t22"."target_content",
                  "t22"."ts",
                  "t22"."value",
                  CAST("t22"."ts" AS DATE) AS "day"
                FROM "t19" AS "t22"
                WHERE
                  "t22"."target_content" IS NULL
                  AND "t22"."kind" IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                  AND (
                    (
                      "t22"."kind" <> 'reaction'
                    ) OR (
                      "t22"."value" > 0
                    )
                  )
                  AND "t22"."target_person" IS NOT NULL
              ) AS "t27"
              GROUP BY
                1,
                2,
                3
            ) AS "t30"
            LEFT OUTER JOIN "t3" AS "t17"
              ON "t30"."target_person" = "t17"."_author_pid_identity"
          ) AS "t32"
        ) AS "t33"
        WHERE
          "t33"."author_pid" IS NOT NULL
      ) AS "t34"
    ) AS "t36"
  ) AS "t37"
), "t49" AS (
  SELECT
    "t48"."opp",
    "t48"."day",
    "t48"."responder",
    SUM("t48"."n") AS "n",
    MIN("t48"."first") AS "first"
  FROM (
    SELECT
      "t47"."opp",
      "t47"."day",
      "t47"."author_pid",
      "t47"."actor",
      "t47"."n",
      "t47"."first",
      "t47"."actor_pid",
      COALESCE("t47"."actor_pid", "t47"."actor") AS "responder"
    FROM (
      SELECT
        "t46".*
        EXCLUDE ("_actor_pid_identity")
      FROM (
        SELECT
          "t45"."opp",
          "t45"."day",
          "t45"."author_pid",
          "t45"."actor",
          "t45"."n",
          "t45"."first",
          "t10"."_actor_pid_identity",
          "t10"."actor_pid"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t42"."opp",
              "t42"."day",
              "t42"."author_pid",
              "t20"."actor",
              "t20"."n",
              GREATEST("t20"."first", "t42"."posted_at") AS "first"
            FROM (
              SELECT
                "t15"."target_content",
                "t15"."actor",
                COUNT(*) AS "n",
                MIN("t15"."ts") AS "first"
              FROM (
                SELECT
                  "t1"."target_content",
                  "t1"."actor",
                  "t1"."ts"
                FROM "events" AS "t1"
                WHERE
                  "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                  AND "t1"."kind" IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                  AND (
                    (
                      "t1"."kind" <> 'reaction'
                    ) OR (
                      "t1"."value" > 0
                    )
                  )
                  AND "t1"."target_content" IS NOT NULL
              ) AS "t15"
              GROUP BY
                1,
                2
            ) AS "t20"
            INNER JOIN (
              SELECT
                "t39"."opp",
                "t39"."day",
                "t39"."author_pid",
                "t39"."virtual",
                "t39"."posted_at"
              FROM "t38" AS "t39"
              WHERE
                NOT (
                  "t39"."virtual"
                )
            ) AS "t42"
              ON "t20"."target_content" = "t42"."opp"
          ) AS "t43"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t33"."author_pid" AS "opp",
              "t33"."day",
              "t33"."author_pid",
              "t33"."actor",
              "t33"."n",
              "t33"."first"
            FROM (
              SELECT
                "t32".*
                EXCLUDE ("_author_pid_identity")
              FROM (
                SELECT
                  "t30"."target_person",
                  "t30"."actor",
                  "t30"."day",
                  "t30"."n",
                  "t30"."first",
                  "t17"."_author_pid_identity",
                  "t17"."author_pid"
                FROM (
                  SELECT
                    "t27"."target_person",
                    "t27"."actor",
                    "t27"."day",
                    COUNT(*) AS "n",
                    MIN("t27"."ts") AS "first"
                  FROM (
                    SELECT
                      "t22"."event_id",
                      "t22"."network",
                      "t22"."source_id",
                      "t22"."community",
                      "t22"."kind",
                      "t22"."subkind",
                      "t22"."actor",
                      "t22"."target_person",
                      "t22"."target_content",
                      "t22"."ts",
                      "t22"."value",
                      CAST("t22"."ts" AS DATE) AS "day"
                    FROM "t19" AS "t22"
                    WHERE
                      "t22"."target_content" IS NULL
                      AND "t22"."kind" IN ('reaction', 'reply', 'comment', 'reshare', 'quote', 'accept')
                      AND (
                        (
                          "t22"."kind" <> 'reaction'
                        ) OR (
                          "t22"."value" > 0
                        )
                      )
                      AND "t22"."target_person" IS NOT NULL
                  ) AS "t27"
                  GROUP BY
                    1,
                    2,
                    3
                ) AS "t30"
                LEFT OUTER JOIN "t3" AS "t17"
                  ON "t30"."target_person" = "t17"."_author_pid_identity"
              ) AS "t32"
            ) AS "t33"
            WHERE
              "t33"."author_pid" IS NOT NULL
          ) AS "t35"
        ) AS "t45"
        LEFT OUTER JOIN (
          SELECT
            "t2"."identity_id" AS "_actor_pid_identity",
            "t2"."person_id" AS "actor_pid"
          FROM "identities" AS "t2"
        ) AS "t10"
          ON "t45"."actor" = "t10"."_actor_pid_identity"
      ) AS "t46"
    ) AS "t47"
    WHERE
      (
        COALESCE("t47"."actor_pid", "t47"."actor") IS NULL
      )
      OR (
        COALESCE("t47"."actor_pid", "t47"."actor") <> "t47"."author_pid"
      )
  ) AS "t48"
  GROUP BY
    1,
    2,
    3
)
SELECT
  "t40"."opp",
  "t40"."day",
  "t40"."author_pid",
  "t40"."posted_at",
  "t40"."virtual",
  1.0 - EXP(
    COALESCE("t59"."log_miss", 0.0) + (
      CAST(COALESCE("t55"."anonymous", 0) AS DOUBLE) * -0.6931471805599453
    )
  ) AS "success",
  COALESCE("t59"."responders", 0) AS "responders",
  COALESCE("t55"."anonymous", 0) AS "anonymous",
  COALESCE("t59"."breadth", 0.0) + (
    CAST(COALESCE("t55"."anonymous", 0) AS DOUBLE) * 0.7924812503605781
  ) AS "breadth",
  0.0 AS "responder_value"
FROM "t38" AS "t40"
LEFT OUTER JOIN (
  SELECT
    "t57"."opp" AS "s_opp",
    "t57"."day" AS "s_day",
    "t57"."log_miss",
    "t57"."responders",
    "t57"."breadth"
  FROM (
    SELECT
      "t56"."opp",
      "t56"."day",
      SUM(LN(1.0 - (
        0.6931471805599453 / LN(CAST("t56"."r" AS DOUBLE) + 2.0)
      ))) AS "log_miss",
      COUNT(*) AS "responders",
      SUM(1.0986122886681098 / LN(CAST("t56"."r" AS DOUBLE) + 2.0)) AS "breadth"
    FROM (
      SELECT
        "t52"."opp",
        "t52"."day",
        "t52"."responder",
        "t52"."first",
        COUNT("t52"."opp") OVER (
          PARTITION BY "t52"."responder"
          ORDER BY DATE_DIFF(
            'MICROSECOND',
            MAKE_TIMESTAMP(1970, 1, 1, 0, 0, 0.0),
            CAST("t52"."first" AS TIMESTAMP)
          ) ASC
          RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) AS "r"
      FROM (
        SELECT
          "t50"."opp",
          "t50"."day",
          "t50"."responder",
          "t50"."first"
        FROM "t49" AS "t50"
        WHERE
          "t50"."responder" IS NOT NULL
      ) AS "t52"
    ) AS "t56"
    GROUP BY
      1,
      2
  ) AS "t57"
) AS "t59"
  ON "t40"."opp" = "t59"."s_opp" AND "t40"."day" = "t59"."s_day"
LEFT OUTER JOIN (
  SELECT
    "t53"."opp" AS "a_opp",
    "t53"."day" AS "a_day",
    "t53"."n" AS "anonymous"
  FROM (
    SELECT
      "t51"."opp",
      "t51"."day",
      SUM("t51"."n") AS "n"
    FROM (
      SELECT
        *
      FROM "t49" AS "t50"
      WHERE
        "t50"."responder" IS NULL
    ) AS "t51"
    GROUP BY
      1,
      2
  ) AS "t53"
) AS "t55"
  ON "t40"."opp" = "t55"."a_opp" AND "t40"."day" = "t55"."a_day"

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
), "t40" AS (
  SELECT
    "t39"."opp",
    "t39"."day",
    "t39"."author_pid",
    "t39"."posted_at",
    "t39"."virtual",
    (
      ROW_NUMBER() OVER (
        ORDER BY "t39"."posted_at" ASC, "t39"."opp" ASC, "t39"."day" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) - 1
    ) + 0 AS "post"
  FROM (
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
        "t35"."opp",
        "t35"."day",
        "t35"."author_pid",
        CAST(CAST("t35"."day" AS TIMESTAMP) AS TIMESTAMPTZ) AS "posted_at",
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
      ) AS "t35"
    ) AS "t38"
  ) AS "t39"
), "t55" AS (
  SELECT
    "t54"."post",
    "t54"."responder",
    SUM("t54"."n") AS "n",
    MIN("t54"."first") AS "first"
  FROM (
    SELECT
      "t53"."post",
      "t53"."author_pid",
      "t53"."actor",
      "t53"."n",
      "t53"."first",
      "t53"."actor_pid",
      COALESCE("t53"."actor_pid", "t53"."actor") AS "responder"
    FROM (
      SELECT
        "t52".*
        EXCLUDE ("_actor_pid_identity")
      FROM (
        SELECT
          "t51"."post",
          "t51"."author_pid",
          "t51"."actor",
          "t51"."n",
          "t51"."first",
          "t10"."_actor_pid_identity",
          "t10"."actor_pid"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t44"."post",
              "t44"."author_pid",
              "t20"."actor",
              "t20"."n",
              GREATEST("t20"."first", "t44"."posted_at") AS "first"
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
                "t41"."post",
                "t41"."opp",
                "t41"."author_pid",
                "t41"."posted_at"
              FROM "t40" AS "t41"
              WHERE
                "t41"."virtual" = FALSE
            ) AS "t44"
              ON "t20"."target_content" = "t44"."opp"
          ) AS "t47"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              *
            FROM (
              SELECT
                "t46"."v_post" AS "post",
                "t37"."author_pid",
                "t37"."actor",
                "t37"."n",
                "t37"."first"
              FROM (
                SELECT
                  "t33"."author_pid" AS "opp",
                  "t33"."day",
                  "t33"."author_pid",
                  "t33"."actor",
                  "t33"."n",
                  "t33"."first",
                  "t33"."author_pid" || '|' || CAST("t33"."day" AS TEXT) AS "l_key"
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
              ) AS "t37"
              INNER JOIN (
                SELECT
                  "t41"."post" AS "v_post",
                  "t41"."opp" || '|' || CAST("t41"."day" AS TEXT) AS "v_key"
                FROM "t40" AS "t41"
                WHERE
                  "t41"."virtual" = TRUE
              ) AS "t46"
                ON "t37"."l_key" = "t46"."v_key"
            ) AS "t48"
          ) AS "t49"
        ) AS "t51"
        LEFT OUTER JOIN (
          SELECT
            "t2"."identity_id" AS "_actor_pid_identity",
            "t2"."person_id" AS "actor_pid"
          FROM "identities" AS "t2"
        ) AS "t10"
          ON "t51"."actor" = "t10"."_actor_pid_identity"
      ) AS "t52"
    ) AS "t53"
    WHERE
      (
        COALESCE("t53"."actor_pid", "t53"."actor") IS NULL
      )
      OR (
        COALESCE("t53"."actor_pid", "t53"."actor") <> "t53"."author_pid"
      )
  ) AS "t54"
  GROUP BY
    1,
    2
)
SELECT
  "t42"."opp",
  "t42"."day",
  "t42"."author_pid",
  "t42"."posted_at",
  "t42"."virtual",
  1.0 - EXP(
    COALESCE("t67"."log_miss", 0.0) + (
      CAST(COALESCE("t67"."anonymous", 0) AS DOUBLE) * -0.6931471805599453
    )
  ) AS "success",
  COALESCE("t67"."responders", 0) AS "responders",
  COALESCE("t67"."anonymous", 0) AS "anonymous",
  COALESCE("t67"."breadth", 0.0) + (
    CAST(COALESCE("t67"."anonymous", 0) AS DOUBLE) * 0.7924812503605781
  ) AS "breadth",
  0.0 AS "responder_value",
  0.0 AS "responder_sq"
FROM "t40" AS "t42"
LEFT OUTER JOIN (
  SELECT
    "t65"."post" AS "s_post",
    "t65"."log_miss",
    "t65"."responders",
    "t65"."breadth",
    "t65"."anonymous"
  FROM (
    SELECT
      "t64"."post",
      CAST(SUM("t64"."log_miss") AS DOUBLE) AS "log_miss",
      CAST(SUM("t64"."responders") AS BIGINT) AS "responders",
      CAST(SUM("t64"."breadth") AS DOUBLE) AS "breadth",
      CAST(SUM("t64"."anonymous") AS BIGINT) AS "anonymous"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t62"."post",
          "t62"."log_miss",
          "t62"."responders",
          "t62"."breadth",
          0 AS "anonymous"
        FROM (
          SELECT
            "t61"."post",
            SUM(LN(1.0 - (
              0.6931471805599453 / LN(CAST("t61"."r" AS DOUBLE) + 2.0)
            ))) AS "log_miss",
            COUNT(*) AS "responders",
            SUM(1.0986122886681098 / LN(CAST("t61"."r" AS DOUBLE) + 2.0)) AS "breadth"
          FROM (
            SELECT
              "t58"."post",
              "t58"."responder",
              "t58"."first",
              COUNT("t58"."post") OVER (
                PARTITION BY "t58"."responder"
                ORDER BY DATE_DIFF(
                  'MICROSECOND',
                  MAKE_TIMESTAMP(1970, 1, 1, 0, 0, 0.0),
                  CAST("t58"."first" AS TIMESTAMP)
                ) ASC
                RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
              ) AS "r"
            FROM (
              SELECT
                "t56"."post",
                "t56"."responder",
                "t56"."first"
              FROM "t55" AS "t56"
              WHERE
                "t56"."responder" IS NOT NULL
            ) AS "t58"
          ) AS "t61"
          GROUP BY
            1
        ) AS "t62"
      ) AS "t63"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t59"."post",
          0.0 AS "log_miss",
          0 AS "responders",
          0.0 AS "breadth",
          "t59"."n" AS "anonymous"
        FROM (
          SELECT
            "t57"."post",
            SUM("t57"."n") AS "n"
          FROM (
            SELECT
              *
            FROM "t55" AS "t56"
            WHERE
              "t56"."responder" IS NULL
          ) AS "t57"
          GROUP BY
            1
        ) AS "t59"
      ) AS "t60"
    ) AS "t64"
    GROUP BY
      1
  ) AS "t65"
) AS "t67"
  ON "t42"."post" = "t67"."s_post"

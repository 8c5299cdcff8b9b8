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
), "t57" AS (
  SELECT
    "t56"."post",
    "t56"."responder",
    SUM("t56"."n") AS "n",
    MIN("t56"."first") AS "first"
  FROM (
    SELECT
      "t55"."post",
      "t55"."author_pid",
      "t55"."actor",
      "t55"."n",
      "t55"."first",
      "t55"."actor_pid",
      COALESCE("t55"."actor_pid", "t55"."actor") AS "responder"
    FROM (
      SELECT
        "t54".*
        EXCLUDE ("_actor_pid_identity")
      FROM (
        SELECT
          "t53"."post",
          "t53"."author_pid",
          "t53"."actor",
          "t53"."n",
          "t53"."first",
          "t10"."_actor_pid_identity",
          "t10"."actor_pid"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t47"."post",
              "t47"."author_pid",
              "t20"."actor",
              "t20"."n",
              GREATEST("t20"."first", "t47"."posted_at") AS "first"
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
                "t42"."post",
                "t42"."opp",
                "t42"."day",
                "t42"."author_pid",
                "t42"."virtual",
                "t42"."posted_at"
              FROM (
                SELECT
                  "t41".*
                  EXCLUDE ("_bucket")
                FROM (
                  SELECT
                    "t40"."opp",
                    "t40"."day",
                    "t40"."author_pid",
                    "t40"."posted_at",
                    "t40"."virtual",
                    "t40"."_bucket",
                    0 + (
                      (
                        ROW_NUMBER() OVER (
                          PARTITION BY "t40"."_bucket"
                          ORDER BY "t40"."opp" ASC, "t40"."day" ASC
                          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                        ) - 1
                      ) * 256
                    ) + "t40"."_bucket" AS "post"
                  FROM (
                    SELECT
                      "t39"."opp",
                      "t39"."day",
                      "t39"."author_pid",
                      "t39"."posted_at",
                      "t39"."virtual",
                      (
                        (
                          CAST(CAST(HASH("t39"."opp") AS BIT) AS BIGINT) % 256
                        ) + 256
                      ) % 256 AS "_bucket"
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
                  ) AS "t40"
                ) AS "t41"
              ) AS "t42"
              WHERE
                NOT (
                  "t42"."virtual"
                )
            ) AS "t47"
              ON "t20"."target_content" = "t47"."opp"
          ) AS "t49"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              *
            FROM (
              SELECT
                "t48"."v_post" AS "post",
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
                  "t42"."post" AS "v_post",
                  "t42"."opp" || '|' || CAST("t42"."day" AS TEXT) AS "v_key"
                FROM (
                  SELECT
                    "t41".*
                    EXCLUDE ("_bucket")
                  FROM (
                    SELECT
                      "t40"."opp",
                      "t40"."day",
                      "t40"."author_pid",
                      "t40"."posted_at",
                      "t40"."virtual",
                      "t40"."_bucket",
                      0 + (
                        (
                          ROW_NUMBER() OVER (
                            PARTITION BY "t40"."_bucket"
                            ORDER BY "t40"."opp" ASC, "t40"."day" ASC
                            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                          ) - 1
                        ) * 256
                      ) + "t40"."_bucket" AS "post"
                    FROM (
                      SELECT
                        "t39"."opp",
                        "t39"."day",
                        "t39"."author_pid",
                        "t39"."posted_at",
                        "t39"."virtual",
                        (
                          (
                            CAST(CAST(HASH("t39"."opp") AS BIT) AS BIGINT) % 256
                          ) + 256
                        ) % 256 AS "_bucket"
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
                    ) AS "t40"
                  ) AS "t41"
                ) AS "t42"
                WHERE
                  "t42"."virtual"
              ) AS "t48"
                ON "t37"."l_key" = "t48"."v_key"
            ) AS "t50"
          ) AS "t51"
        ) AS "t53"
        LEFT OUTER JOIN (
          SELECT
            "t2"."identity_id" AS "_actor_pid_identity",
            "t2"."person_id" AS "actor_pid"
          FROM "identities" AS "t2"
        ) AS "t10"
          ON "t53"."actor" = "t10"."_actor_pid_identity"
      ) AS "t54"
    ) AS "t55"
    WHERE
      (
        COALESCE("t55"."actor_pid", "t55"."actor") IS NULL
      )
      OR (
        COALESCE("t55"."actor_pid", "t55"."actor") <> "t55"."author_pid"
      )
  ) AS "t56"
  GROUP BY
    1,
    2
), "t69" AS (
  SELECT
    "t68"."author_pid",
    COUNT(*) AS "posts",
    SUM(CAST("t68"."virtual" AS BIGINT)) AS "virtual_posts",
    SUM("t68"."success") AS "successes",
    SUM("t68"."success" * "t68"."success") AS "squares",
    SUM("t68"."responders") AS "responders",
    SUM("t68"."anonymous") AS "anonymous"
  FROM (
    SELECT
      "t46"."opp",
      "t46"."day",
      "t46"."author_pid",
      "t46"."posted_at",
      "t46"."virtual",
      1.0 - EXP(
        COALESCE("t67"."log_miss", 0.0) + (
          CAST(COALESCE("t63"."anonymous", 0) AS DOUBLE) * -0.6931471805599453
        )
      ) AS "success",
      COALESCE("t67"."responders", 0) AS "responders",
      COALESCE("t63"."anonymous", 0) AS "anonymous",
      COALESCE("t67"."breadth", 0.0) + (
        CAST(COALESCE("t63"."anonymous", 0) AS DOUBLE) * 0.7924812503605781
      ) AS "breadth",
      0.0 AS "responder_value"
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t41".*
          EXCLUDE ("_bucket")
        FROM (
          SELECT
            "t40"."opp",
            "t40"."day",
            "t40"."author_pid",
            "t40"."posted_at",
            "t40"."virtual",
            "t40"."_bucket",
            0 + (
              (
                ROW_NUMBER() OVER (
                  PARTITION BY "t40"."_bucket"
                  ORDER BY "t40"."opp" ASC, "t40"."day" ASC
                  ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
                ) - 1
              ) * 256
            ) + "t40"."_bucket" AS "post"
          FROM (
            SELECT
              "t39"."opp",
              "t39"."day",
              "t39"."author_pid",
              "t39"."posted_at",
              "t39"."virtual",
              (
                (
                  CAST(CAST(HASH("t39"."opp") AS BIT) AS BIGINT) % 256
                ) + 256
              ) % 256 AS "_bucket"
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
          ) AS "t40"
        ) AS "t41"
      ) AS "t42"
      WHERE
        "t42"."posted_at" > MAKE_TIMESTAMPTZ(2020, 9, 1, 0, 0, 0.0, 'UTC')
    ) AS "t46"
    LEFT OUTER JOIN (
      SELECT
        "t65"."post" AS "s_post",
        "t65"."log_miss",
        "t65"."responders",
        "t65"."breadth"
      FROM (
        SELECT
          "t64"."post",
          SUM(LN(1.0 - (
            0.6931471805599453 / LN(CAST("t64"."r" AS DOUBLE) + 2.0)
          ))) AS "log_miss",
          COUNT(*) AS "responders",
          SUM(1.0986122886681098 / LN(CAST("t64"."r" AS DOUBLE) + 2.0)) AS "breadth"
        FROM (
          SELECT
            "t60"."post",
            "t60"."responder",
            "t60"."first",
            COUNT("t60"."post") OVER (
              PARTITION BY "t60"."responder"
              ORDER BY DATE_DIFF(
                'MICROSECOND',
                MAKE_TIMESTAMP(1970, 1, 1, 0, 0, 0.0),
                CAST("t60"."first" AS TIMESTAMP)
              ) ASC
              RANGE BETWEEN 31535999999999 preceding AND CURRENT ROW
            ) AS "r"
          FROM (
            SELECT
              "t58"."post",
              "t58"."responder",
              "t58"."first"
            FROM "t57" AS "t58"
            WHERE
              "t58"."responder" IS NOT NULL
          ) AS "t60"
        ) AS "t64"
        GROUP BY
          1
      ) AS "t65"
    ) AS "t67"
      ON "t46"."post" = "t67"."s_post"
    LEFT OUTER JOIN (
      SELECT
        "t61"."post" AS "a_post",
        "t61"."n" AS "anonymous"
      FROM (
        SELECT
          "t59"."post",
          SUM("t59"."n") AS "n"
        FROM (
          SELECT
            *
          FROM "t57" AS "t58"
          WHERE
            "t58"."responder" IS NULL
        ) AS "t59"
        GROUP BY
          1
      ) AS "t61"
    ) AS "t63"
      ON "t46"."post" = "t63"."a_post"
  ) AS "t68"
  GROUP BY
    1
)
SELECT
  "t78"."person_id",
  "t78"."score",
  "t78"."value",
  "t78"."low",
  "t78"."high",
  "t78"."components",
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST("t78"."_below" AS DOUBLE) + (
              (
                CAST(ROUND("t78"."_cume" * CAST("t78"."_n" AS DOUBLE), 0) AS BIGINT) - CAST("t78"."_below" AS DOUBLE)
              ) * 0.5
            )
          ) * 100.0
        ) / CAST("t78"."_n" AS DOUBLE)
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS "percentile"
FROM (
  SELECT
    "t77"."person_id",
    "t77"."score",
    "t77"."value",
    "t77"."low",
    "t77"."high",
    "t77"."components",
    "t77"."_key",
    RANK() OVER (
      PARTITION BY "t77"."score"
      ORDER BY "t77"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_below",
    CUME_DIST() OVER (
      PARTITION BY "t77"."score"
      ORDER BY "t77"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_cume",
    COUNT("t77"."person_id") OVER (
      PARTITION BY "t77"."score"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_n"
  FROM (
    SELECT
      "t76"."person_id",
      "t76"."score",
      "t76"."value",
      "t76"."low",
      "t76"."high",
      "t76"."components",
      CAST(ROUND("t76"."value", 9) AS DOUBLE) AS "_key"
    FROM (
      SELECT
        "t75"."author_pid" AS "person_id",
        'resonance' AS "score",
        (
          "t75"."alpha" + "t75"."successes"
        ) / (
          "t75"."alpha" + "t75"."successes" + (
            (
              "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
            ) - "t75"."successes"
          )
        ) AS "value",
        GREATEST(
          (
            (
              "t75"."alpha" + "t75"."successes"
            ) / (
              "t75"."alpha" + "t75"."successes" + (
                (
                  "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                ) - "t75"."successes"
              )
            )
          ) - (
            SQRT(
              (
                (
                  "t75"."alpha" + "t75"."successes"
                ) * (
                  (
                    "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                  ) - "t75"."successes"
                )
              ) / (
                (
                  "t75"."alpha" + "t75"."successes" + (
                    (
                      "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                    ) - "t75"."successes"
                  )
                ) * (
                  "t75"."alpha" + "t75"."successes" + (
                    (
                      "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                    ) - "t75"."successes"
                  )
                ) * (
                  "t75"."alpha" + "t75"."successes" + (
                    (
                      "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                    ) - "t75"."successes"
                  ) + 1.0
                )
              )
            ) * 1.6448536269514715
          ),
          0.0
        ) AS "low",
        LEAST(
          (
            (
              "t75"."alpha" + "t75"."successes"
            ) / (
              "t75"."alpha" + "t75"."successes" + (
                (
                  "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                ) - "t75"."successes"
              )
            )
          ) + (
            SQRT(
              (
                (
                  "t75"."alpha" + "t75"."successes"
                ) * (
                  (
                    "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                  ) - "t75"."successes"
                )
              ) / (
                (
                  "t75"."alpha" + "t75"."successes" + (
                    (
                      "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                    ) - "t75"."successes"
                  )
                ) * (
                  "t75"."alpha" + "t75"."successes" + (
                    (
                      "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                    ) - "t75"."successes"
                  )
                ) * (
                  "t75"."alpha" + "t75"."successes" + (
                    (
                      "t75"."beta" + CAST("t75"."posts" AS DOUBLE)
                    ) - "t75"."successes"
                  ) + 1.0
                )
              )
            ) * 1.6448536269514715
          ),
          1.0
        ) AS "high",
        {'posts': "t75"."posts", 'virtual_posts': "t75"."virtual_posts", 'successes': "t75"."successes", 'raw_rate': "t75"."successes" / CAST("t75"."posts" AS DOUBLE), 'responders': "t75"."responders", 'anonymous': "t75"."anonymous", 'alpha': "t75"."alpha", 'beta': "t75"."beta"} AS "components"
      FROM (
        SELECT
          "t71"."author_pid",
          "t71"."posts",
          "t71"."virtual_posts",
          "t71"."successes",
          "t71"."squares",
          "t71"."responders",
          "t71"."anonymous",
          "t74"."alpha",
          "t74"."beta"
        FROM "t69" AS "t71"
        CROSS JOIN (
          SELECT
            GREATEST(LEAST("t72"."k" / NULLIF("t72"."n_posts", 0.0), 0.999999), 1e-06) * COALESCE(
              GREATEST(
                LEAST(
                  CASE
                    WHEN (
                      "t72"."n_persons" >= 2
                    )
                    AND (
                      (
                        (
                          "t72"."w" - "t72"."q"
                        ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                      ) IS NOT NULL
                    )
                    AND (
                      (
                        (
                          (
                            "t72"."q" - (
                              (
                                "t72"."k" * "t72"."k"
                              ) / NULLIF("t72"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t72"."n_persons" - 1.0
                            ) * (
                              (
                                "t72"."w" - "t72"."q"
                              ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t72"."n_posts" - (
                          "t72"."n2" / NULLIF("t72"."n_posts", 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                    )
                    THEN CASE
                      WHEN (
                        (
                          (
                            "t72"."q" - (
                              (
                                "t72"."k" * "t72"."k"
                              ) / NULLIF("t72"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t72"."n_persons" - 1.0
                            ) * (
                              (
                                "t72"."w" - "t72"."q"
                              ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t72"."n_posts" - (
                          "t72"."n2" / NULLIF("t72"."n_posts", 0.0)
                        ), 0.0)
                      ) > 0
                      THEN (
                        (
                          "t72"."w" - "t72"."q"
                        ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                      ) / NULLIF(
                        (
                          (
                            "t72"."q" - (
                              (
                                "t72"."k" * "t72"."k"
                              ) / NULLIF("t72"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t72"."n_persons" - 1.0
                            ) * (
                              (
                                "t72"."w" - "t72"."q"
                              ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t72"."n_posts" - (
                          "t72"."n2" / NULLIF("t72"."n_posts", 0.0)
                        ), 0.0),
                        0.0
                      )
                      ELSE 1000.0
                    END
                    ELSE CAST(NULL AS DOUBLE)
                  END,
                  1000.0
                ),
                1.0
              ),
              2.0
            ) AS "alpha",
            (
              1.0 - GREATEST(LEAST("t72"."k" / NULLIF("t72"."n_posts", 0.0), 0.999999), 1e-06)
            ) * COALESCE(
              GREATEST(
                LEAST(
                  CASE
                    WHEN (
                      "t72"."n_persons" >= 2
                    )
                    AND (
                      (
                        (
                          "t72"."w" - "t72"."q"
                        ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                      ) IS NOT NULL
                    )
                    AND (
                      (
                        (
                          (
                            "t72"."q" - (
                              (
                                "t72"."k" * "t72"."k"
                              ) / NULLIF("t72"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t72"."n_persons" - 1.0
                            ) * (
                              (
                                "t72"."w" - "t72"."q"
                              ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t72"."n_posts" - (
                          "t72"."n2" / NULLIF("t72"."n_posts", 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                    )
                    THEN CASE
                      WHEN (
                        (
                          (
                            "t72"."q" - (
                              (
                                "t72"."k" * "t72"."k"
                              ) / NULLIF("t72"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t72"."n_persons" - 1.0
                            ) * (
                              (
                                "t72"."w" - "t72"."q"
                              ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t72"."n_posts" - (
                          "t72"."n2" / NULLIF("t72"."n_posts", 0.0)
                        ), 0.0)
                      ) > 0
                      THEN (
                        (
                          "t72"."w" - "t72"."q"
                        ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                      ) / NULLIF(
                        (
                          (
                            "t72"."q" - (
                              (
                                "t72"."k" * "t72"."k"
                              ) / NULLIF("t72"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t72"."n_persons" - 1.0
                            ) * (
                              (
                                "t72"."w" - "t72"."q"
                              ) / NULLIF("t72"."n_posts" - "t72"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t72"."n_posts" - (
                          "t72"."n2" / NULLIF("t72"."n_posts", 0.0)
                        ), 0.0),
                        0.0
                      )
                      ELSE 1000.0
                    END
                    ELSE CAST(NULL AS DOUBLE)
                  END,
                  1000.0
                ),
                1.0
              ),
              2.0
            ) AS "beta"
          FROM (
            SELECT
              CAST(COUNT(*) AS DOUBLE) AS "n_persons",
              CAST(SUM("t70"."posts") AS DOUBLE) AS "n_posts",
              CAST(SUM("t70"."posts" * "t70"."posts") AS DOUBLE) AS "n2",
              SUM("t70"."successes") AS "k",
              SUM((
                "t70"."successes" * "t70"."successes"
              ) / CAST("t70"."posts" AS DOUBLE)) AS "q",
              SUM("t70"."squares") AS "w"
            FROM "t69" AS "t70"
          ) AS "t72"
        ) AS "t74"
      ) AS "t75"
    ) AS "t76"
  ) AS "t77"
) AS "t78"

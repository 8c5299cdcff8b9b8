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
), "t50" AS (
  SELECT
    "t49"."opp",
    "t49"."day",
    "t49"."responder",
    SUM("t49"."n") AS "n",
    MIN("t49"."first") AS "first"
  FROM (
    SELECT
      "t48"."opp",
      "t48"."day",
      "t48"."author_pid",
      "t48"."actor",
      "t48"."n",
      "t48"."first",
      "t48"."actor_pid",
      COALESCE("t48"."actor_pid", "t48"."actor") AS "responder"
    FROM (
      SELECT
        "t47".*
        EXCLUDE ("_actor_pid_identity")
      FROM (
        SELECT
          "t46"."opp",
          "t46"."day",
          "t46"."author_pid",
          "t46"."actor",
          "t46"."n",
          "t46"."first",
          "t10"."_actor_pid_identity",
          "t10"."actor_pid"
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t43"."opp",
              "t43"."day",
              "t43"."author_pid",
              "t20"."actor",
              "t20"."n",
              GREATEST("t20"."first", "t43"."posted_at") AS "first"
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
            ) AS "t43"
              ON "t20"."target_content" = "t43"."opp"
          ) AS "t44"
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
        ) AS "t46"
        LEFT OUTER JOIN (
          SELECT
            "t2"."identity_id" AS "_actor_pid_identity",
            "t2"."person_id" AS "actor_pid"
          FROM "identities" AS "t2"
        ) AS "t10"
          ON "t46"."actor" = "t10"."_actor_pid_identity"
      ) AS "t47"
    ) AS "t48"
    WHERE
      (
        COALESCE("t48"."actor_pid", "t48"."actor") IS NULL
      )
      OR (
        COALESCE("t48"."actor_pid", "t48"."actor") <> "t48"."author_pid"
      )
  ) AS "t49"
  GROUP BY
    1,
    2,
    3
), "t62" AS (
  SELECT
    "t61"."author_pid",
    COUNT(*) AS "posts",
    SUM(CAST("t61"."virtual" AS BIGINT)) AS "virtual_posts",
    SUM("t61"."success") AS "successes",
    SUM("t61"."success" * "t61"."success") AS "squares",
    SUM("t61"."responders") AS "responders",
    SUM("t61"."anonymous") AS "anonymous"
  FROM (
    SELECT
      "t42"."opp",
      "t42"."day",
      "t42"."author_pid",
      "t42"."posted_at",
      "t42"."virtual",
      1.0 - EXP(
        COALESCE("t60"."log_miss", 0.0) + (
          CAST(COALESCE("t56"."anonymous", 0) AS DOUBLE) * -0.6931471805599453
        )
      ) AS "success",
      COALESCE("t60"."responders", 0) AS "responders",
      COALESCE("t56"."anonymous", 0) AS "anonymous",
      COALESCE("t60"."breadth", 0.0) + (
        CAST(COALESCE("t56"."anonymous", 0) AS DOUBLE) * 0.7924812503605781
      ) AS "breadth",
      0.0 AS "responder_value"
    FROM (
      SELECT
        *
      FROM "t38" AS "t39"
      WHERE
        "t39"."posted_at" > MAKE_TIMESTAMPTZ(2020, 9, 1, 0, 0, 0.0, 'UTC')
    ) AS "t42"
    LEFT OUTER JOIN (
      SELECT
        "t58"."opp" AS "s_opp",
        "t58"."day" AS "s_day",
        "t58"."log_miss",
        "t58"."responders",
        "t58"."breadth"
      FROM (
        SELECT
          "t57"."opp",
          "t57"."day",
          SUM(LN(1.0 - (
            0.6931471805599453 / LN(CAST("t57"."r" AS DOUBLE) + 2.0)
          ))) AS "log_miss",
          COUNT(*) AS "responders",
          SUM(1.0986122886681098 / LN(CAST("t57"."r" AS DOUBLE) + 2.0)) AS "breadth"
        FROM (
          SELECT
            "t53"."opp",
            "t53"."day",
            "t53"."responder",
            "t53"."first",
            COUNT("t53"."opp") OVER (
              PARTITION BY "t53"."responder"
              ORDER BY DATE_DIFF(
                'MICROSECOND',
                MAKE_TIMESTAMP(1970, 1, 1, 0, 0, 0.0),
                CAST("t53"."first" AS TIMESTAMP)
              ) ASC
              RANGE BETWEEN 31535999999999 preceding AND CURRENT ROW
            ) AS "r"
          FROM (
            SELECT
              "t51"."opp",
              "t51"."day",
              "t51"."responder",
              "t51"."first"
            FROM "t50" AS "t51"
            WHERE
              "t51"."responder" IS NOT NULL
          ) AS "t53"
        ) AS "t57"
        GROUP BY
          1,
          2
      ) AS "t58"
    ) AS "t60"
      ON "t42"."opp" = "t60"."s_opp" AND "t42"."day" = "t60"."s_day"
    LEFT OUTER JOIN (
      SELECT
        "t54"."opp" AS "a_opp",
        "t54"."day" AS "a_day",
        "t54"."n" AS "anonymous"
      FROM (
        SELECT
          "t52"."opp",
          "t52"."day",
          SUM("t52"."n") AS "n"
        FROM (
          SELECT
            *
          FROM "t50" AS "t51"
          WHERE
            "t51"."responder" IS NULL
        ) AS "t52"
        GROUP BY
          1,
          2
      ) AS "t54"
    ) AS "t56"
      ON "t42"."opp" = "t56"."a_opp" AND "t42"."day" = "t56"."a_day"
  ) AS "t61"
  GROUP BY
    1
)
SELECT
  "t71"."person_id",
  "t71"."score",
  "t71"."value",
  "t71"."low",
  "t71"."high",
  "t71"."components",
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST("t71"."_below" AS DOUBLE) + (
              (
                CAST(ROUND("t71"."_cume" * CAST("t71"."_n" AS DOUBLE), 0) AS BIGINT) - CAST("t71"."_below" AS DOUBLE)
              ) * 0.5
            )
          ) * 100.0
        ) / CAST("t71"."_n" AS DOUBLE)
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS "percentile"
FROM (
  SELECT
    "t70"."person_id",
    "t70"."score",
    "t70"."value",
    "t70"."low",
    "t70"."high",
    "t70"."components",
    "t70"."_key",
    RANK() OVER (
      PARTITION BY "t70"."score"
      ORDER BY "t70"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_below",
    CUME_DIST() OVER (
      PARTITION BY "t70"."score"
      ORDER BY "t70"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_cume",
    COUNT("t70"."person_id") OVER (
      PARTITION BY "t70"."score"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_n"
  FROM (
    SELECT
      "t69"."person_id",
      "t69"."score",
      "t69"."value",
      "t69"."low",
      "t69"."high",
      "t69"."components",
      CAST(ROUND("t69"."value", 9) AS DOUBLE) AS "_key"
    FROM (
      SELECT
        "t68"."author_pid" AS "person_id",
        'resonance' AS "score",
        (
          "t68"."alpha" + "t68"."successes"
        ) / (
          "t68"."alpha" + "t68"."successes" + (
            (
              "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
            ) - "t68"."successes"
          )
        ) AS "value",
        GREATEST(
          (
            (
              "t68"."alpha" + "t68"."successes"
            ) / (
              "t68"."alpha" + "t68"."successes" + (
                (
                  "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                ) - "t68"."successes"
              )
            )
          ) - (
            SQRT(
              (
                (
                  "t68"."alpha" + "t68"."successes"
                ) * (
                  (
                    "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                  ) - "t68"."successes"
                )
              ) / (
                (
                  "t68"."alpha" + "t68"."successes" + (
                    (
                      "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                    ) - "t68"."successes"
                  )
                ) * (
                  "t68"."alpha" + "t68"."successes" + (
                    (
                      "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                    ) - "t68"."successes"
                  )
                ) * (
                  "t68"."alpha" + "t68"."successes" + (
                    (
                      "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                    ) - "t68"."successes"
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
              "t68"."alpha" + "t68"."successes"
            ) / (
              "t68"."alpha" + "t68"."successes" + (
                (
                  "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                ) - "t68"."successes"
              )
            )
          ) + (
            SQRT(
              (
                (
                  "t68"."alpha" + "t68"."successes"
                ) * (
                  (
                    "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                  ) - "t68"."successes"
                )
              ) / (
                (
                  "t68"."alpha" + "t68"."successes" + (
                    (
                      "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                    ) - "t68"."successes"
                  )
                ) * (
                  "t68"."alpha" + "t68"."successes" + (
                    (
                      "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                    ) - "t68"."successes"
                  )
                ) * (
                  "t68"."alpha" + "t68"."successes" + (
                    (
                      "t68"."beta" + CAST("t68"."posts" AS DOUBLE)
                    ) - "t68"."successes"
                  ) + 1.0
                )
              )
            ) * 1.6448536269514715
          ),
          1.0
        ) AS "high",
        {'posts': "t68"."posts", 'virtual_posts': "t68"."virtual_posts", 'successes': "t68"."successes", 'raw_rate': "t68"."successes" / CAST("t68"."posts" AS DOUBLE), 'responders': "t68"."responders", 'anonymous': "t68"."anonymous", 'alpha': "t68"."alpha", 'beta': "t68"."beta"} AS "components"
      FROM (
        SELECT
          "t64"."author_pid",
          "t64"."posts",
          "t64"."virtual_posts",
          "t64"."successes",
          "t64"."squares",
          "t64"."responders",
          "t64"."anonymous",
          "t67"."alpha",
          "t67"."beta"
        FROM "t62" AS "t64"
        CROSS JOIN (
          SELECT
            GREATEST(LEAST("t65"."k" / NULLIF("t65"."n_posts", 0.0), 0.999999), 1e-06) * COALESCE(
              GREATEST(
                LEAST(
                  CASE
                    WHEN (
                      "t65"."n_persons" >= 2
                    )
                    AND (
                      (
                        (
                          "t65"."w" - "t65"."q"
                        ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                      ) IS NOT NULL
                    )
                    AND (
                      (
                        (
                          (
                            "t65"."q" - (
                              (
                                "t65"."k" * "t65"."k"
                              ) / NULLIF("t65"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t65"."n_persons" - 1.0
                            ) * (
                              (
                                "t65"."w" - "t65"."q"
                              ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t65"."n_posts" - (
                          "t65"."n2" / NULLIF("t65"."n_posts", 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                    )
                    THEN CASE
                      WHEN (
                        (
                          (
                            "t65"."q" - (
                              (
                                "t65"."k" * "t65"."k"
                              ) / NULLIF("t65"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t65"."n_persons" - 1.0
                            ) * (
                              (
                                "t65"."w" - "t65"."q"
                              ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t65"."n_posts" - (
                          "t65"."n2" / NULLIF("t65"."n_posts", 0.0)
                        ), 0.0)
                      ) > 0
                      THEN (
                        (
                          "t65"."w" - "t65"."q"
                        ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                      ) / NULLIF(
                        (
                          (
                            "t65"."q" - (
                              (
                                "t65"."k" * "t65"."k"
                              ) / NULLIF("t65"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t65"."n_persons" - 1.0
                            ) * (
                              (
                                "t65"."w" - "t65"."q"
                              ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t65"."n_posts" - (
                          "t65"."n2" / NULLIF("t65"."n_posts", 0.0)
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
              1.0 - GREATEST(LEAST("t65"."k" / NULLIF("t65"."n_posts", 0.0), 0.999999), 1e-06)
            ) * COALESCE(
              GREATEST(
                LEAST(
                  CASE
                    WHEN (
                      "t65"."n_persons" >= 2
                    )
                    AND (
                      (
                        (
                          "t65"."w" - "t65"."q"
                        ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                      ) IS NOT NULL
                    )
                    AND (
                      (
                        (
                          (
                            "t65"."q" - (
                              (
                                "t65"."k" * "t65"."k"
                              ) / NULLIF("t65"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t65"."n_persons" - 1.0
                            ) * (
                              (
                                "t65"."w" - "t65"."q"
                              ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t65"."n_posts" - (
                          "t65"."n2" / NULLIF("t65"."n_posts", 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                    )
                    THEN CASE
                      WHEN (
                        (
                          (
                            "t65"."q" - (
                              (
                                "t65"."k" * "t65"."k"
                              ) / NULLIF("t65"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t65"."n_persons" - 1.0
                            ) * (
                              (
                                "t65"."w" - "t65"."q"
                              ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t65"."n_posts" - (
                          "t65"."n2" / NULLIF("t65"."n_posts", 0.0)
                        ), 0.0)
                      ) > 0
                      THEN (
                        (
                          "t65"."w" - "t65"."q"
                        ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                      ) / NULLIF(
                        (
                          (
                            "t65"."q" - (
                              (
                                "t65"."k" * "t65"."k"
                              ) / NULLIF("t65"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t65"."n_persons" - 1.0
                            ) * (
                              (
                                "t65"."w" - "t65"."q"
                              ) / NULLIF("t65"."n_posts" - "t65"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t65"."n_posts" - (
                          "t65"."n2" / NULLIF("t65"."n_posts", 0.0)
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
              CAST(SUM("t63"."posts") AS DOUBLE) AS "n_posts",
              CAST(SUM("t63"."posts" * "t63"."posts") AS DOUBLE) AS "n2",
              SUM("t63"."successes") AS "k",
              SUM((
                "t63"."successes" * "t63"."successes"
              ) / CAST("t63"."posts" AS DOUBLE)) AS "q",
              SUM("t63"."squares") AS "w"
            FROM "t62" AS "t63"
          ) AS "t65"
        ) AS "t67"
      ) AS "t68"
    ) AS "t69"
  ) AS "t70"
) AS "t71"

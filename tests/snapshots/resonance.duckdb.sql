WITH "t3" AS (
  SELECT
    "t2"."identity_id" AS "_author_pid_identity",
    "t2"."person_id" AS "author_pid"
  FROM "identities" AS "t2"
), "t20" AS (
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
      AND "t1"."ts" > MAKE_TIMESTAMPTZ(2020, 9, 1, 0, 0, 0.0, 'UTC')
  ) AS "t13"
  ANTI JOIN (
    SELECT DISTINCT
      "t0"."network" AS "c_network"
    FROM "contents" AS "t0"
    WHERE
      "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
  ) AS "t11"
    ON "t13"."network" = "t11"."c_network"
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
          "t12"."content_id",
          "t12"."author",
          "t12"."created_at",
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
            AND "t0"."created_at" > MAKE_TIMESTAMPTZ(2020, 9, 1, 0, 0, 0.0, 'UTC')
        ) AS "t12"
        ANTI JOIN (
          SELECT DISTINCT
            "t1"."actor" AS "w_actor",
            "t1"."ts" AS "w_ts"
          FROM "events" AS "t1"
          WHERE
            "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
            AND "t1"."ts" > MAKE_TIMESTAMPTZ(2020, 9, 1, 0, 0, 0.0, 'UTC')
            AND "t1"."kind" = 'reshare'
            AND "t1"."actor" IS NOT NULL
        ) AS "t14"
          ON "t12"."author" = "t14"."w_actor" AND "t12"."created_at" = "t14"."w_ts"
        LEFT OUTER JOIN "t3" AS "t16"
          ON "t12"."author" = "t16"."_author_pid_identity"
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
          "t30"."author_pid" AS "opp",
          "t30"."day",
          "t30"."author_pid"
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
            FROM "t20" AS "t22"
            WHERE
              "t22"."target_content" IS NULL
              AND "t22"."kind" IN ('post', 'reply', 'quote', 'reshare', 'mention')
              AND "t22"."actor" IS NOT NULL
          ) AS "t26"
          LEFT OUTER JOIN "t3" AS "t17"
            ON "t26"."actor" = "t17"."_author_pid_identity"
        ) AS "t30"
        WHERE
          "t30"."author_pid" IS NOT NULL
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
              "t29"."target_person",
              "t29"."actor",
              "t29"."day",
              "t29"."n",
              "t17"."_author_pid_identity",
              "t17"."author_pid"
            FROM (
              SELECT
                "t27"."target_person",
                "t27"."actor",
                "t27"."day",
                COUNT(*) AS "n"
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
                FROM "t20" AS "t22"
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
            ) AS "t29"
            LEFT OUTER JOIN "t3" AS "t17"
              ON "t29"."target_person" = "t17"."_author_pid_identity"
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
    "t48"."author_pid",
    "t48"."responder",
    SUM("t48"."n") AS "n"
  FROM (
    SELECT
      "t47"."opp",
      "t47"."day",
      "t47"."author_pid",
      "t47"."actor",
      "t47"."n",
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
              "t19"."actor",
              "t19"."n"
            FROM (
              SELECT
                "t15"."target_content",
                "t15"."actor",
                COUNT(*) AS "n"
              FROM (
                SELECT
                  *
                FROM "events" AS "t1"
                WHERE
                  "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                  AND "t1"."ts" > MAKE_TIMESTAMPTZ(2020, 9, 1, 0, 0, 0.0, 'UTC')
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
            ) AS "t19"
            INNER JOIN (
              SELECT
                *
              FROM "t38" AS "t39"
              WHERE
                NOT (
                  "t39"."virtual"
                )
            ) AS "t42"
              ON "t19"."target_content" = "t42"."opp"
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
              "t33"."n"
            FROM (
              SELECT
                "t32".*
                EXCLUDE ("_author_pid_identity")
              FROM (
                SELECT
                  "t29"."target_person",
                  "t29"."actor",
                  "t29"."day",
                  "t29"."n",
                  "t17"."_author_pid_identity",
                  "t17"."author_pid"
                FROM (
                  SELECT
                    "t27"."target_person",
                    "t27"."actor",
                    "t27"."day",
                    COUNT(*) AS "n"
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
                    FROM "t20" AS "t22"
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
                ) AS "t29"
                LEFT OUTER JOIN "t3" AS "t17"
                  ON "t29"."target_person" = "t17"."_author_pid_identity"
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
    3,
    4
), "t60" AS (
  SELECT
    "t59"."author_pid",
    COUNT(*) AS "posts",
    SUM(CAST("t59"."virtual" AS BIGINT)) AS "virtual_posts",
    SUM("t59"."success") AS "successes",
    SUM("t59"."success" * "t59"."success") AS "squares",
    SUM("t59"."responders") AS "responders",
    SUM("t59"."anonymous") AS "anonymous"
  FROM (
    SELECT
      "t40"."opp",
      "t40"."day",
      "t40"."author_pid",
      "t40"."posted_at",
      "t40"."virtual",
      COALESCE(1.0 - EXP("t58"."log_miss"), 0.0) AS "success",
      COALESCE("t58"."responders", 0) AS "responders",
      COALESCE("t58"."anonymous", 0) AS "anonymous",
      COALESCE("t58"."breadth", 0.0) AS "breadth",
      COALESCE("t58"."value", 0.0) AS "responder_value"
    FROM "t38" AS "t40"
    LEFT OUTER JOIN (
      SELECT
        "t56"."opp" AS "r_opp",
        "t56"."day" AS "r_day",
        SUM("t56"."log_miss") AS "log_miss",
        SUM("t56"."named") AS "responders",
        SUM("t56"."anon") AS "anonymous",
        SUM("t56"."sel") AS "breadth",
        SUM("t56"."value") AS "value"
      FROM (
        SELECT
          "t55"."opp",
          "t55"."day",
          "t55"."author_pid",
          "t55"."responder",
          "t55"."n",
          "t55"."r_pid",
          "t55"."r",
          CASE
            WHEN "t55"."responder" IS NULL
            THEN CAST("t55"."n" AS DOUBLE) * -0.6931471805599453
            ELSE LN(1.0 - (
              0.6931471805599453 / LN(CAST("t55"."r" AS DOUBLE) + 2.0)
            ))
          END AS "log_miss",
          CASE WHEN "t55"."responder" IS NULL THEN 0 ELSE 1 END AS "named",
          CASE WHEN "t55"."responder" IS NULL THEN "t55"."n" ELSE 0 END AS "anon",
          CASE
            WHEN "t55"."responder" IS NULL
            THEN CAST("t55"."n" AS DOUBLE) * 0.7924812503605781
            ELSE 1.0986122886681098 / LN(CAST("t55"."r" AS DOUBLE) + 2.0)
          END AS "sel",
          CASE WHEN "t55"."responder" IS NULL THEN 0.0 ELSE 0.0 END AS "value"
        FROM (
          SELECT
            "t51"."opp",
            "t51"."day",
            "t51"."author_pid",
            "t51"."responder",
            "t51"."n",
            "t54"."r_pid",
            "t54"."r"
          FROM "t49" AS "t51"
          LEFT OUTER JOIN (
            SELECT
              "t52"."responder" AS "r_pid",
              COUNT(*) AS "r"
            FROM (
              SELECT
                *
              FROM "t49" AS "t50"
              WHERE
                "t50"."responder" IS NOT NULL
            ) AS "t52"
            GROUP BY
              1
          ) AS "t54"
            ON "t51"."responder" = "t54"."r_pid"
        ) AS "t55"
      ) AS "t56"
      GROUP BY
        1,
        2
    ) AS "t58"
      ON "t40"."opp" = "t58"."r_opp" AND "t40"."day" = "t58"."r_day"
  ) AS "t59"
  GROUP BY
    1
)
SELECT
  "t69"."person_id",
  "t69"."score",
  "t69"."value",
  "t69"."low",
  "t69"."high",
  "t69"."components",
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST("t69"."_below" AS DOUBLE) + (
              CAST("t69"."_equal" AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / "t69"."_n"
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS "percentile"
FROM (
  SELECT
    "t68"."person_id",
    "t68"."score",
    "t68"."value",
    "t68"."low",
    "t68"."high",
    "t68"."components",
    "t68"."_key",
    RANK() OVER (
      PARTITION BY "t68"."score"
      ORDER BY "t68"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_below",
    COUNT("t68"."person_id") OVER (
      PARTITION BY "t68"."score"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_n",
    COUNT("t68"."person_id") OVER (
      PARTITION BY "t68"."score", "t68"."_key"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_equal"
  FROM (
    SELECT
      "t67"."person_id",
      "t67"."score",
      "t67"."value",
      "t67"."low",
      "t67"."high",
      "t67"."components",
      CAST(ROUND("t67"."value", 9) AS DOUBLE) AS "_key"
    FROM (
      SELECT
        "t66"."author_pid" AS "person_id",
        'resonance' AS "score",
        (
          "t66"."alpha" + "t66"."successes"
        ) / (
          "t66"."alpha" + "t66"."successes" + (
            (
              "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
            ) - "t66"."successes"
          )
        ) AS "value",
        GREATEST(
          (
            (
              "t66"."alpha" + "t66"."successes"
            ) / (
              "t66"."alpha" + "t66"."successes" + (
                (
                  "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                ) - "t66"."successes"
              )
            )
          ) - (
            SQRT(
              (
                (
                  "t66"."alpha" + "t66"."successes"
                ) * (
                  (
                    "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                  ) - "t66"."successes"
                )
              ) / (
                (
                  "t66"."alpha" + "t66"."successes" + (
                    (
                      "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                    ) - "t66"."successes"
                  )
                ) * (
                  "t66"."alpha" + "t66"."successes" + (
                    (
                      "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                    ) - "t66"."successes"
                  )
                ) * (
                  "t66"."alpha" + "t66"."successes" + (
                    (
                      "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                    ) - "t66"."successes"
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
              "t66"."alpha" + "t66"."successes"
            ) / (
              "t66"."alpha" + "t66"."successes" + (
                (
                  "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                ) - "t66"."successes"
              )
            )
          ) + (
            SQRT(
              (
                (
                  "t66"."alpha" + "t66"."successes"
                ) * (
                  (
                    "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                  ) - "t66"."successes"
                )
              ) / (
                (
                  "t66"."alpha" + "t66"."successes" + (
                    (
                      "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                    ) - "t66"."successes"
                  )
                ) * (
                  "t66"."alpha" + "t66"."successes" + (
                    (
                      "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                    ) - "t66"."successes"
                  )
                ) * (
                  "t66"."alpha" + "t66"."successes" + (
                    (
                      "t66"."beta" + CAST("t66"."posts" AS DOUBLE)
                    ) - "t66"."successes"
                  ) + 1.0
                )
              )
            ) * 1.6448536269514715
          ),
          1.0
        ) AS "high",
        {'posts': "t66"."posts", 'virtual_posts': "t66"."virtual_posts", 'successes': "t66"."successes", 'raw_rate': "t66"."successes" / CAST("t66"."posts" AS DOUBLE), 'responders': "t66"."responders", 'anonymous': "t66"."anonymous", 'alpha': "t66"."alpha", 'beta': "t66"."beta"} AS "components"
      FROM (
        SELECT
          "t62"."author_pid",
          "t62"."posts",
          "t62"."virtual_posts",
          "t62"."successes",
          "t62"."squares",
          "t62"."responders",
          "t62"."anonymous",
          "t65"."alpha",
          "t65"."beta"
        FROM "t60" AS "t62"
        CROSS JOIN (
          SELECT
            GREATEST(LEAST("t63"."k" / NULLIF("t63"."n_posts", 0.0), 0.999999), 1e-06) * COALESCE(
              GREATEST(
                LEAST(
                  CASE
                    WHEN (
                      "t63"."n_persons" >= 2
                    )
                    AND (
                      (
                        (
                          "t63"."w" - "t63"."q"
                        ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                      ) IS NOT NULL
                    )
                    AND (
                      (
                        (
                          (
                            "t63"."q" - (
                              (
                                "t63"."k" * "t63"."k"
                              ) / NULLIF("t63"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t63"."n_persons" - 1.0
                            ) * (
                              (
                                "t63"."w" - "t63"."q"
                              ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t63"."n_posts" - (
                          "t63"."n2" / NULLIF("t63"."n_posts", 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                    )
                    THEN CASE
                      WHEN (
                        (
                          (
                            "t63"."q" - (
                              (
                                "t63"."k" * "t63"."k"
                              ) / NULLIF("t63"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t63"."n_persons" - 1.0
                            ) * (
                              (
                                "t63"."w" - "t63"."q"
                              ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t63"."n_posts" - (
                          "t63"."n2" / NULLIF("t63"."n_posts", 0.0)
                        ), 0.0)
                      ) > 0
                      THEN (
                        (
                          "t63"."w" - "t63"."q"
                        ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                      ) / NULLIF(
                        (
                          (
                            "t63"."q" - (
                              (
                                "t63"."k" * "t63"."k"
                              ) / NULLIF("t63"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t63"."n_persons" - 1.0
                            ) * (
                              (
                                "t63"."w" - "t63"."q"
                              ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t63"."n_posts" - (
                          "t63"."n2" / NULLIF("t63"."n_posts", 0.0)
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
              1.0 - GREATEST(LEAST("t63"."k" / NULLIF("t63"."n_posts", 0.0), 0.999999), 1e-06)
            ) * COALESCE(
              GREATEST(
                LEAST(
                  CASE
                    WHEN (
                      "t63"."n_persons" >= 2
                    )
                    AND (
                      (
                        (
                          "t63"."w" - "t63"."q"
                        ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                      ) IS NOT NULL
                    )
                    AND (
                      (
                        (
                          (
                            "t63"."q" - (
                              (
                                "t63"."k" * "t63"."k"
                              ) / NULLIF("t63"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t63"."n_persons" - 1.0
                            ) * (
                              (
                                "t63"."w" - "t63"."q"
                              ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t63"."n_posts" - (
                          "t63"."n2" / NULLIF("t63"."n_posts", 0.0)
                        ), 0.0)
                      ) IS NOT NULL
                    )
                    THEN CASE
                      WHEN (
                        (
                          (
                            "t63"."q" - (
                              (
                                "t63"."k" * "t63"."k"
                              ) / NULLIF("t63"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t63"."n_persons" - 1.0
                            ) * (
                              (
                                "t63"."w" - "t63"."q"
                              ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t63"."n_posts" - (
                          "t63"."n2" / NULLIF("t63"."n_posts", 0.0)
                        ), 0.0)
                      ) > 0
                      THEN (
                        (
                          "t63"."w" - "t63"."q"
                        ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                      ) / NULLIF(
                        (
                          (
                            "t63"."q" - (
                              (
                                "t63"."k" * "t63"."k"
                              ) / NULLIF("t63"."n_posts", 0.0)
                            )
                          ) - (
                            (
                              "t63"."n_persons" - 1.0
                            ) * (
                              (
                                "t63"."w" - "t63"."q"
                              ) / NULLIF("t63"."n_posts" - "t63"."n_persons", 0.0)
                            )
                          )
                        ) / NULLIF("t63"."n_posts" - (
                          "t63"."n2" / NULLIF("t63"."n_posts", 0.0)
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
              CAST(SUM("t61"."posts") AS DOUBLE) AS "n_posts",
              CAST(SUM("t61"."posts" * "t61"."posts") AS DOUBLE) AS "n2",
              SUM("t61"."successes") AS "k",
              SUM((
                "t61"."successes" * "t61"."successes"
              ) / CAST("t61"."posts" AS DOUBLE)) AS "q",
              SUM("t61"."squares") AS "w"
            FROM "t60" AS "t61"
          ) AS "t63"
        ) AS "t65"
      ) AS "t66"
    ) AS "t67"
  ) AS "t68"
) AS "t69"

WITH "t48" AS (
  SELECT
    "t47"."content_id",
    "t47"."author_pid",
    1 AS "n",
    "t47"."r" AS "s",
    "t47"."r" * "t47"."r" AS "q"
  FROM (
    SELECT
      "t38"."content_id",
      "t38"."author_pid",
      "t38"."created_at",
      COALESCE("t46"."g_r", 0.0) AS "r"
    FROM (
      SELECT
        "t29"."content_id",
        CASE
          WHEN "t29"."wrapped" IS NULL
          THEN "t29"."author_pid"
          ELSE CAST(NULL AS TEXT)
        END AS "author_pid",
        "t29"."created_at"
      FROM (
        SELECT
          "t28".*
          EXCLUDE ("_author_pid_identity")
        FROM (
          SELECT
            "t17"."content_id",
            "t17"."network",
            "t17"."source_id",
            "t17"."community",
            "t17"."kind",
            "t17"."author",
            "t17"."created_at",
            "t17"."parent_id",
            "t17"."root_id",
            "t17"."title",
            "t17"."text",
            "t17"."tags",
            "t17"."url",
            "t17"."views",
            "t23"."w_actor",
            "t23"."w_ts",
            "t23"."wrapped",
            "t11"."_author_pid_identity",
            "t11"."author_pid"
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
          ) AS "t17"
          LEFT OUTER JOIN (
            SELECT
              "t14"."w_actor",
              "t14"."w_ts",
              TRUE AS "wrapped"
            FROM (
              SELECT DISTINCT
                "t2"."actor" AS "w_actor",
                "t2"."ts" AS "w_ts"
              FROM "events" AS "t2"
              WHERE
                "t2"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                AND "t2"."kind" = 'reshare'
                AND "t2"."actor" IS NOT NULL
            ) AS "t14"
          ) AS "t23"
            ON "t17"."author" = "t23"."w_actor" AND "t17"."created_at" = "t23"."w_ts"
          LEFT OUTER JOIN (
            SELECT
              "t1"."identity_id" AS "_author_pid_identity",
              "t1"."person_id" AS "author_pid"
            FROM "identities" AS "t1"
          ) AS "t11"
            ON "t17"."author" = "t11"."_author_pid_identity"
        ) AS "t28"
      ) AS "t29"
    ) AS "t38"
    LEFT OUTER JOIN (
      SELECT
        "t44"."target_content" AS "g_content",
        "t44"."a_pid" AS "g_pid",
        "t44"."k_created" AS "g_created",
        SUM("t44"."w") AS "g_r"
      FROM (
        SELECT
          "t41"."target_content",
          "t41"."actor",
          "t41"."w",
          "t41"."k_id",
          "t41"."k_author",
          "t41"."k_created",
          "t41"."a_pid",
          "t41"."actor_pid",
          COALESCE("t41"."actor_pid", "t41"."actor") AS "responder"
        FROM (
          SELECT
            "t40".*
            EXCLUDE ("_actor_pid_identity")
          FROM (
            SELECT
              "t34"."target_content",
              "t34"."actor",
              "t34"."w",
              "t34"."k_id",
              "t34"."k_author",
              "t34"."k_created",
              "t34"."a_pid",
              "t12"."_actor_pid_identity",
              "t12"."actor_pid"
            FROM (
              SELECT
                "t30".*
                EXCLUDE ("_a_pid_identity")
              FROM (
                SELECT
                  "t25"."target_content",
                  "t25"."actor",
                  "t25"."w",
                  "t18"."k_id",
                  "t18"."k_author",
                  "t18"."k_created",
                  "t13"."_a_pid_identity",
                  "t13"."a_pid"
                FROM (
                  SELECT
                    "t19"."target_content",
                    "t19"."actor",
                    SUM("t19"."w") AS "w"
                  FROM (
                    SELECT
                      "t2"."event_id",
                      "t2"."network",
                      "t2"."source_id",
                      "t2"."community",
                      "t2"."kind",
                      "t2"."subkind",
                      "t2"."actor",
                      "t2"."target_person",
                      "t2"."target_content",
                      "t2"."ts",
                      "t2"."value",
                      CASE
                        WHEN "t2"."kind" = 'accept'
                        THEN 3.0
                        WHEN "t2"."kind" = 'comment'
                        THEN 0.5
                        WHEN "t2"."kind" = 'quote'
                        THEN 1.0
                        WHEN "t2"."kind" = 'reaction'
                        THEN 1.0
                        WHEN "t2"."kind" = 'reply'
                        THEN 0.5
                        WHEN "t2"."kind" = 'reshare'
                        THEN 1.0
                        ELSE 0.0
                      END AS "w"
                    FROM "events" AS "t2"
                    WHERE
                      "t2"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                      AND "t2"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                      AND "t2"."target_content" IS NOT NULL
                      AND (
                        (
                          "t2"."kind" <> 'reaction'
                        ) OR (
                          "t2"."value" > 0
                        )
                      )
                  ) AS "t19"
                  GROUP BY
                    1,
                    2
                ) AS "t25"
                INNER JOIN (
                  SELECT
                    "t0"."content_id" AS "k_id",
                    "t0"."author" AS "k_author",
                    "t0"."created_at" AS "k_created"
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
                ) AS "t18"
                  ON "t25"."target_content" = "t18"."k_id"
                LEFT OUTER JOIN (
                  SELECT
                    "t1"."identity_id" AS "_a_pid_identity",
                    "t1"."person_id" AS "a_pid"
                  FROM "identities" AS "t1"
                ) AS "t13"
                  ON "t18"."k_author" = "t13"."_a_pid_identity"
              ) AS "t30"
            ) AS "t34"
            LEFT OUTER JOIN (
              SELECT
                "t1"."identity_id" AS "_actor_pid_identity",
                "t1"."person_id" AS "actor_pid"
              FROM "identities" AS "t1"
            ) AS "t12"
              ON "t34"."actor" = "t12"."_actor_pid_identity"
          ) AS "t40"
        ) AS "t41"
        WHERE
          (
            COALESCE("t41"."actor_pid", "t41"."actor") IS NULL
          )
          OR (
            COALESCE("t41"."actor_pid", "t41"."actor") <> "t41"."a_pid"
          )
      ) AS "t44"
      GROUP BY
        1,
        2,
        3
    ) AS "t46"
      ON "t38"."content_id" = "t46"."g_content"
  ) AS "t47"
  WHERE
    "t47"."author_pid" IS NOT NULL
), "t54" AS (
  SELECT
    "t53"."author_pid",
    "t53"."topic",
    "t53"."n",
    CAST("t53"."n" AS DOUBLE) AS "n_w",
    "t53"."s" AS "recognition",
    "t53"."q"
  FROM (
    SELECT
      "t52"."author_pid",
      "t52"."topic",
      SUM("t52"."n") AS "n",
      SUM("t52"."s") AS "s",
      SUM("t52"."q") AS "q"
    FROM (
      SELECT
        "t50"."content_id",
        "t50"."author_pid",
        "t50"."n",
        "t50"."s",
        "t50"."q",
        "t43"."topic",
        "t43"."created_at"
      FROM "t48" AS "t50"
      INNER JOIN (
        SELECT
          "t39"."t_content" AS "content_id",
          "t39"."topic",
          "t39"."created_at"
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
                  "t16"."content_id" AS "t_content",
                  "t27"."topic",
                  "t16"."created_at"
                FROM (
                  SELECT
                    CAST("t0"."content_id" AS TEXT) AS "content_id",
                    "t0"."root_id" AS "root",
                    "t0"."community",
                    "t0"."created_at"
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
                ) AS "t16"
                INNER JOIN (
                  SELECT
                    "t22"."o_content",
                    LOWER("t22"."topic") AS "topic"
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
                  ) AS "t22"
                  WHERE
                    "t22"."topic" IS NOT NULL AND "t22"."topic" <> ''
                ) AS "t27"
                  ON "t16"."content_id" = "t27"."o_content"
              ) AS "t32"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t20"."content_id" AS "t_content",
                  "t27"."topic",
                  "t20"."created_at"
                FROM (
                  SELECT
                    CAST("t0"."content_id" AS TEXT) AS "content_id",
                    "t0"."root_id" AS "root",
                    "t0"."community",
                    "t0"."created_at"
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
                    AND "t0"."root_id" IS NOT NULL
                    AND "t0"."root_id" <> CAST("t0"."content_id" AS TEXT)
                ) AS "t20"
                INNER JOIN (
                  SELECT
                    "t22"."o_content",
                    LOWER("t22"."topic") AS "topic"
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
                  ) AS "t22"
                  WHERE
                    "t22"."topic" IS NOT NULL AND "t22"."topic" <> ''
                ) AS "t27"
                  ON "t20"."root" = "t27"."o_content"
              ) AS "t33"
            ) AS "t35"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                CAST("t0"."content_id" AS TEXT) AS "t_content",
                'community:' || "t0"."community" AS "topic",
                "t0"."created_at"
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
                AND "t0"."community" IS NOT NULL
            ) AS "t6"
          ) AS "t37"
        ) AS "t39"
      ) AS "t43"
        ON "t50"."content_id" = "t43"."content_id"
    ) AS "t52"
    GROUP BY
      1,
      2
  ) AS "t53"
), "t68" AS (
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
      "t57"."author_pid" AS "person_id",
      'expertise' AS "score",
      (
        (
          "t57"."recognition" + (
            "t62"."mu_t" * 5.0
          )
        ) / (
          "t57"."n_w" + 5.0
        )
      ) * LN("t57"."n_w" + 1.0) AS "value",
      GREATEST(
        (
          (
            "t57"."recognition" + (
              "t62"."mu_t" * 5.0
            )
          ) / (
            "t57"."n_w" + 5.0
          )
        ) - (
          SQRT("t62"."var_t" / (
            "t57"."n_w" + 5.0
          )) * 1.6448536269514715
        ),
        0.0
      ) * LN("t57"."n_w" + 1.0) AS "low",
      (
        (
          (
            "t57"."recognition" + (
              "t62"."mu_t" * 5.0
            )
          ) / (
            "t57"."n_w" + 5.0
          )
        ) + (
          SQRT("t62"."var_t" / (
            "t57"."n_w" + 5.0
          )) * 1.6448536269514715
        )
      ) * LN("t57"."n_w" + 1.0) AS "high",
      {'topic': "t57"."topic", 'topic_n': "t57"."n", 'topic_n_w': "t57"."n_w", 'topic_recognition': "t57"."recognition", 'topic_mean': "t62"."mu_t", 'topic_2': "t66"."topic_2", 'topic_3': "t66"."topic_3", 'topics': "t66"."_topics"} AS "components"
    FROM "t54" AS "t57"
    INNER JOIN (
      SELECT
        "t60"."t_topic",
        (
          "t60"."st" + (
            "t58"."mu0" * 5.0
          )
        ) / (
          "t60"."nt" + 5.0
        ) AS "mu_t",
        (
          GREATEST(
            "t60"."qt" - (
              (
                "t60"."st" * "t60"."st"
              ) / NULLIF("t60"."nt", 0.0)
            ),
            0.0
          ) + (
            "t58"."var0" * 5.0
          )
        ) / (
          "t60"."nt" + 5.0
        ) AS "var_t"
      FROM (
        SELECT
          "t55"."topic" AS "t_topic",
          SUM("t55"."n_w") AS "nt",
          SUM("t55"."recognition") AS "st",
          SUM("t55"."q") AS "qt"
        FROM "t54" AS "t55"
        GROUP BY
          1
      ) AS "t60"
      CROSS JOIN (
        SELECT
          "t51"."s" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0) AS "mu0",
          GREATEST(
            (
              "t51"."q" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0)
            ) - (
              (
                "t51"."s" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0)
              ) * (
                "t51"."s" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0)
              )
            ),
            0.0
          ) AS "var0"
        FROM (
          SELECT
            COALESCE(SUM("t49"."n"), 0) AS "n",
            COALESCE(SUM("t49"."s"), 0.0) AS "s",
            COALESCE(SUM("t49"."q"), 0.0) AS "q"
          FROM "t48" AS "t49"
        ) AS "t51"
      ) AS "t58"
    ) AS "t62"
      ON "t57"."topic" = "t62"."t_topic"
    INNER JOIN (
      SELECT
        "t64"."person_id" AS "b_person",
        MAX("t64"."topic") FILTER(WHERE
          "t64"."_rk" = 0) AS "b_topic",
        MAX("t64"."topic") FILTER(WHERE
          "t64"."_rk" = 1) AS "topic_2",
        MAX("t64"."topic") FILTER(WHERE
          "t64"."_rk" = 2) AS "topic_3",
        COUNT(*) AS "_topics"
      FROM (
        SELECT
          "t63"."person_id",
          "t63"."topic",
          ROW_NUMBER() OVER (
            PARTITION BY CAST(CAST(HASH("t63"."person_id") AS BIT) AS BIGINT), "t63"."person_id"
            ORDER BY CAST(ROUND("t63"."value", 9) AS DOUBLE) DESC, "t63"."topic" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) - 1 AS "_rk"
        FROM (
          SELECT
            "t57"."author_pid" AS "person_id",
            "t57"."topic",
            (
              (
                "t57"."recognition" + (
                  "t62"."mu_t" * 5.0
                )
              ) / (
                "t57"."n_w" + 5.0
              )
            ) * LN("t57"."n_w" + 1.0) AS "value",
            GREATEST(
              (
                (
                  "t57"."recognition" + (
                    "t62"."mu_t" * 5.0
                  )
                ) / (
                  "t57"."n_w" + 5.0
                )
              ) - (
                SQRT("t62"."var_t" / (
                  "t57"."n_w" + 5.0
                )) * 1.6448536269514715
              ),
              0.0
            ) * LN("t57"."n_w" + 1.0) AS "low",
            (
              (
                (
                  "t57"."recognition" + (
                    "t62"."mu_t" * 5.0
                  )
                ) / (
                  "t57"."n_w" + 5.0
                )
              ) + (
                SQRT("t62"."var_t" / (
                  "t57"."n_w" + 5.0
                )) * 1.6448536269514715
              )
            ) * LN("t57"."n_w" + 1.0) AS "high",
            "t57"."n",
            "t57"."n_w",
            "t57"."recognition",
            "t62"."mu_t" AS "topic_mean"
          FROM "t54" AS "t57"
          INNER JOIN (
            SELECT
              "t60"."t_topic",
              (
                "t60"."st" + (
                  "t58"."mu0" * 5.0
                )
              ) / (
                "t60"."nt" + 5.0
              ) AS "mu_t",
              (
                GREATEST(
                  "t60"."qt" - (
                    (
                      "t60"."st" * "t60"."st"
                    ) / NULLIF("t60"."nt", 0.0)
                  ),
                  0.0
                ) + (
                  "t58"."var0" * 5.0
                )
              ) / (
                "t60"."nt" + 5.0
              ) AS "var_t"
            FROM (
              SELECT
                "t55"."topic" AS "t_topic",
                SUM("t55"."n_w") AS "nt",
                SUM("t55"."recognition") AS "st",
                SUM("t55"."q") AS "qt"
              FROM "t54" AS "t55"
              GROUP BY
                1
            ) AS "t60"
            CROSS JOIN (
              SELECT
                "t51"."s" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0) AS "mu0",
                GREATEST(
                  (
                    "t51"."q" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0)
                  ) - (
                    (
                      "t51"."s" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0)
                    ) * (
                      "t51"."s" / NULLIF(CAST("t51"."n" AS DOUBLE), 0.0)
                    )
                  ),
                  0.0
                ) AS "var0"
              FROM (
                SELECT
                  COALESCE(SUM("t49"."n"), 0) AS "n",
                  COALESCE(SUM("t49"."s"), 0.0) AS "s",
                  COALESCE(SUM("t49"."q"), 0.0) AS "q"
                FROM "t48" AS "t49"
              ) AS "t51"
            ) AS "t58"
          ) AS "t62"
            ON "t57"."topic" = "t62"."t_topic"
        ) AS "t63"
      ) AS "t64"
      GROUP BY
        1
    ) AS "t66"
      ON "t57"."author_pid" = "t66"."b_person" AND "t57"."topic" = "t66"."b_topic"
  ) AS "t67"
)
SELECT
  "t75".*
  EXCLUDE ("_key")
FROM (
  SELECT
    "t70"."person_id",
    "t70"."score",
    "t70"."value",
    "t70"."low",
    "t70"."high",
    "t70"."components",
    "t70"."_key",
    CAST(GREATEST(
      LEAST(
        CAST(CEIL(
          (
            (
              CAST("t74"."_below" AS DOUBLE) + (
                CAST("t74"."_equal" AS DOUBLE) * 0.5
              )
            ) * 100.0
          ) / CAST("t74"."_n" AS DOUBLE)
        ) AS BIGINT),
        100
      ),
      1
    ) AS INT) AS "percentile"
  FROM "t68" AS "t70"
  INNER JOIN (
    SELECT
      "t72"."score" AS "_k_score",
      "t72"."_key",
      "t72"."_equal",
      "t72"."_below",
      "t72"."_n"
    FROM (
      SELECT
        "t71"."score",
        "t71"."_key",
        "t71"."_equal",
        SUM("t71"."_equal") OVER (
          PARTITION BY "t71"."score"
          ORDER BY "t71"."_key" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
        ) - "t71"."_equal" AS "_below",
        SUM("t71"."_equal") OVER (
          PARTITION BY "t71"."score"
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) AS "_n"
      FROM (
        SELECT
          "t69"."score",
          "t69"."_key",
          COUNT(*) AS "_equal"
        FROM "t68" AS "t69"
        GROUP BY
          1,
          2
      ) AS "t71"
    ) AS "t72"
  ) AS "t74"
    ON "t70"."score" = "t74"."_k_score" AND "t70"."_key" = "t74"."_key"
) AS "t75"

WITH "t19" AS (
  SELECT
    "t14"."content_id",
    "t8"."c_id",
    "t8"."root",
    "t8"."community"
  FROM (
    SELECT
      "t0"."content_id"
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
  ) AS "t14"
  INNER JOIN (
    SELECT
      "t0"."content_id" AS "c_id",
      "t0"."root_id" AS "root",
      "t0"."community"
    FROM "contents" AS "t0"
  ) AS "t8"
    ON "t14"."content_id" = "t8"."c_id"
), "t23" AS (
  SELECT
    "t17"."o_content",
    LOWER("t17"."topic") AS "topic"
  FROM (
    SELECT
      "t9"."content_id" AS "o_content",
      UNNEST("t9"."tags") AS "topic"
    FROM (
      SELECT
        *
      FROM "contents" AS "t0"
      WHERE
        "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
        AND "t0"."tags" IS NOT NULL
    ) AS "t9"
  ) AS "t17"
  WHERE
    "t17"."topic" IS NOT NULL AND "t17"."topic" <> ''
), "t30" AS (
  SELECT
    "t24"."content_id",
    "t24"."author_pid",
    "t24"."m"
  FROM (
    SELECT
      "t20".*
      EXCLUDE ("_author_pid_identity")
    FROM (
      SELECT
        "t13"."content_id",
        "t13"."author",
        CAST(1.0 AS DOUBLE) AS "m",
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
      ) AS "t13"
      ANTI JOIN (
        SELECT DISTINCT
          "t1"."actor" AS "w_actor",
          "t1"."ts" AS "w_ts"
        FROM "events" AS "t1"
        WHERE
          "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
          AND "t1"."kind" = 'reshare'
          AND "t1"."actor" IS NOT NULL
      ) AS "t15"
        ON "t13"."author" = "t15"."w_actor" AND "t13"."created_at" = "t15"."w_ts"
      LEFT OUTER JOIN (
        SELECT
          "t2"."identity_id" AS "_author_pid_identity",
          "t2"."person_id" AS "author_pid"
        FROM "identities" AS "t2"
      ) AS "t11"
        ON "t13"."author" = "t11"."_author_pid_identity"
    ) AS "t20"
  ) AS "t24"
  WHERE
    "t24"."author_pid" IS NOT NULL
), "t46" AS (
  SELECT
    "t33"."content_id",
    "t33"."author_pid",
    COALESCE("t45"."r", 0.0) AS "r",
    "t33"."m",
    "t42"."topic"
  FROM "t30" AS "t33"
  LEFT OUTER JOIN (
    SELECT
      "t43"."content_id" AS "g_content",
      SUM("t43"."w") AS "r"
    FROM (
      SELECT
        "t40"."target_content",
        "t40"."actor",
        "t40"."w",
        "t40"."content_id",
        "t40"."author_pid",
        "t40"."m",
        "t40"."actor_pid",
        COALESCE("t40"."actor_pid", "t40"."actor") AS "responder"
      FROM (
        SELECT
          "t38".*
          EXCLUDE ("_actor_pid_identity")
        FROM (
          SELECT
            "t21"."target_content",
            "t21"."actor",
            "t21"."w",
            "t34"."content_id",
            "t34"."author_pid",
            "t34"."m",
            "t12"."_actor_pid_identity",
            "t12"."actor_pid"
          FROM (
            SELECT
              "t16"."target_content",
              "t16"."actor",
              SUM("t16"."w") AS "w"
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
                CASE
                  WHEN "t1"."kind" = 'accept'
                  THEN 3.0
                  WHEN "t1"."kind" = 'comment'
                  THEN 0.5
                  WHEN "t1"."kind" = 'quote'
                  THEN 1.0
                  WHEN "t1"."kind" = 'reaction'
                  THEN 1.0
                  WHEN "t1"."kind" = 'reply'
                  THEN 0.5
                  WHEN "t1"."kind" = 'reshare'
                  THEN 1.0
                  ELSE 0.0
                END AS "w"
              FROM "events" AS "t1"
              WHERE
                "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                AND "t1"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                AND "t1"."target_content" IS NOT NULL
                AND (
                  (
                    "t1"."kind" <> 'reaction'
                  ) OR (
                    "t1"."value" > 0
                  )
                )
            ) AS "t16"
            GROUP BY
              1,
              2
          ) AS "t21"
          INNER JOIN "t30" AS "t34"
            ON "t21"."target_content" = "t34"."content_id"
          LEFT OUTER JOIN (
            SELECT
              "t2"."identity_id" AS "_actor_pid_identity",
              "t2"."person_id" AS "actor_pid"
            FROM "identities" AS "t2"
          ) AS "t12"
            ON "t21"."actor" = "t12"."_actor_pid_identity"
        ) AS "t38"
      ) AS "t40"
      WHERE
        (
          COALESCE("t40"."actor_pid", "t40"."actor") IS NULL
        )
        OR (
          COALESCE("t40"."actor_pid", "t40"."actor") <> "t40"."author_pid"
        )
    ) AS "t43"
    GROUP BY
      1
  ) AS "t45"
    ON "t33"."content_id" = "t45"."g_content"
  INNER JOIN (
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
            "t14"."content_id" AS "t_content",
            "t26"."topic"
          FROM (
            SELECT
              "t0"."content_id"
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
          ) AS "t14"
          INNER JOIN (
            SELECT
              "t0"."content_id" AS "c_id",
              "t0"."root_id" AS "root",
              "t0"."community"
            FROM "contents" AS "t0"
          ) AS "t8"
            ON "t14"."content_id" = "t8"."c_id"
          INNER JOIN "t23" AS "t26"
            ON "t14"."content_id" = "t26"."o_content"
        ) AS "t35"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t31"."content_id" AS "t_content",
            "t27"."topic"
          FROM (
            SELECT
              *
            FROM "t19" AS "t22"
            WHERE
              "t22"."root" IS NOT NULL AND "t22"."root" <> "t22"."content_id"
          ) AS "t31"
          INNER JOIN "t23" AS "t27"
            ON "t31"."root" = "t27"."o_content"
        ) AS "t36"
      ) AS "t37"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t22"."content_id" AS "t_content",
          'community:' || "t22"."community" AS "topic"
        FROM "t19" AS "t22"
        WHERE
          "t22"."community" IS NOT NULL
      ) AS "t28"
    ) AS "t39"
  ) AS "t42"
    ON "t33"."content_id" = "t42"."t_content"
), "t59" AS (
  SELECT
    "t58"."person_id",
    "t58"."topic",
    "t58"."value",
    "t58"."low",
    "t58"."high",
    "t58"."n",
    "t58"."n_w",
    "t58"."recognition",
    "t58"."topic_mean",
    ROW_NUMBER() OVER (
      PARTITION BY "t58"."person_id"
      ORDER BY CAST(ROUND("t58"."value", 9) AS DOUBLE) DESC, "t58"."topic" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_rk",
    COUNT("t58"."topic") OVER (
      PARTITION BY "t58"."person_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_topics"
  FROM (
    SELECT
      "t51"."author_pid" AS "person_id",
      "t51"."topic",
      (
        (
          "t51"."recognition" + (
            "t57"."mu_t" * 5.0
          )
        ) / (
          "t51"."n_w" + 5.0
        )
      ) * LN("t51"."n_w" + 1.0) AS "value",
      GREATEST(
        (
          (
            "t51"."recognition" + (
              "t57"."mu_t" * 5.0
            )
          ) / (
            "t51"."n_w" + 5.0
          )
        ) - (
          SQRT("t57"."var_t" / (
            "t51"."n_w" + 5.0
          )) * 1.6448536269514715
        ),
        0.0
      ) * LN("t51"."n_w" + 1.0) AS "low",
      (
        (
          (
            "t51"."recognition" + (
              "t57"."mu_t" * 5.0
            )
          ) / (
            "t51"."n_w" + 5.0
          )
        ) + (
          SQRT("t57"."var_t" / (
            "t51"."n_w" + 5.0
          )) * 1.6448536269514715
        )
      ) * LN("t51"."n_w" + 1.0) AS "high",
      "t51"."n",
      "t51"."n_w",
      "t51"."recognition",
      "t57"."mu_t" AS "topic_mean"
    FROM (
      SELECT
        "t48"."author_pid",
        "t48"."topic",
        COUNT(*) AS "n",
        SUM("t48"."m") AS "n_w",
        SUM("t48"."m" * "t48"."r") AS "recognition"
      FROM "t46" AS "t48"
      GROUP BY
        1,
        2
    ) AS "t51"
    INNER JOIN (
      SELECT
        "t53"."t_topic",
        (
          "t53"."st" + (
            "t55"."mu0" * 5.0
          )
        ) / (
          "t53"."nt" + 5.0
        ) AS "mu_t",
        (
          GREATEST(
            "t53"."qt" - (
              (
                "t53"."st" * "t53"."st"
              ) / NULLIF("t53"."nt", 0.0)
            ),
            0.0
          ) + (
            "t55"."var0" * 5.0
          )
        ) / (
          "t53"."nt" + 5.0
        ) AS "var_t"
      FROM (
        SELECT
          "t48"."topic" AS "t_topic",
          SUM("t48"."m") AS "nt",
          SUM("t48"."m" * "t48"."r") AS "st",
          SUM("t48"."m" * "t48"."r" * "t48"."r") AS "qt"
        FROM "t46" AS "t48"
        GROUP BY
          1
      ) AS "t53"
      CROSS JOIN (
        SELECT
          "t50"."s0" / NULLIF("t50"."n0", 0.0) AS "mu0",
          GREATEST(
            (
              "t50"."q0" / NULLIF("t50"."n0", 0.0)
            ) - (
              (
                "t50"."s0" / NULLIF("t50"."n0", 0.0)
              ) * (
                "t50"."s0" / NULLIF("t50"."n0", 0.0)
              )
            ),
            0.0
          ) AS "var0"
        FROM (
          SELECT
            SUM("t47"."m") AS "n0",
            SUM("t47"."m" * "t47"."r") AS "s0",
            SUM("t47"."m" * "t47"."r" * "t47"."r") AS "q0"
          FROM (
            SELECT
              "t33"."content_id",
              "t33"."author_pid",
              COALESCE("t45"."r", 0.0) AS "r",
              "t33"."m"
            FROM "t30" AS "t33"
            LEFT OUTER JOIN (
              SELECT
                "t43"."content_id" AS "g_content",
                SUM("t43"."w") AS "r"
              FROM (
                SELECT
                  "t40"."target_content",
                  "t40"."actor",
                  "t40"."w",
                  "t40"."content_id",
                  "t40"."author_pid",
                  "t40"."m",
                  "t40"."actor_pid",
                  COALESCE("t40"."actor_pid", "t40"."actor") AS "responder"
                FROM (
                  SELECT
                    "t38".*
                    EXCLUDE ("_actor_pid_identity")
                  FROM (
                    SELECT
                      "t21"."target_content",
                      "t21"."actor",
                      "t21"."w",
                      "t34"."content_id",
                      "t34"."author_pid",
                      "t34"."m",
                      "t12"."_actor_pid_identity",
                      "t12"."actor_pid"
                    FROM (
                      SELECT
                        "t16"."target_content",
                        "t16"."actor",
                        SUM("t16"."w") AS "w"
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
                          CASE
                            WHEN "t1"."kind" = 'accept'
                            THEN 3.0
                            WHEN "t1"."kind" = 'comment'
                            THEN 0.5
                            WHEN "t1"."kind" = 'quote'
                            THEN 1.0
                            WHEN "t1"."kind" = 'reaction'
                            THEN 1.0
                            WHEN "t1"."kind" = 'reply'
                            THEN 0.5
                            WHEN "t1"."kind" = 'reshare'
                            THEN 1.0
                            ELSE 0.0
                          END AS "w"
                        FROM "events" AS "t1"
                        WHERE
                          "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                          AND "t1"."kind" IN ('accept', 'comment', 'quote', 'reaction', 'reply', 'reshare')
                          AND "t1"."target_content" IS NOT NULL
                          AND (
                            (
                              "t1"."kind" <> 'reaction'
                            ) OR (
                              "t1"."value" > 0
                            )
                          )
                      ) AS "t16"
                      GROUP BY
                        1,
                        2
                    ) AS "t21"
                    INNER JOIN "t30" AS "t34"
                      ON "t21"."target_content" = "t34"."content_id"
                    LEFT OUTER JOIN (
                      SELECT
                        "t2"."identity_id" AS "_actor_pid_identity",
                        "t2"."person_id" AS "actor_pid"
                      FROM "identities" AS "t2"
                    ) AS "t12"
                      ON "t21"."actor" = "t12"."_actor_pid_identity"
                  ) AS "t38"
                ) AS "t40"
                WHERE
                  (
                    COALESCE("t40"."actor_pid", "t40"."actor") IS NULL
                  )
                  OR (
                    COALESCE("t40"."actor_pid", "t40"."actor") <> "t40"."author_pid"
                  )
              ) AS "t43"
              GROUP BY
                1
            ) AS "t45"
              ON "t33"."content_id" = "t45"."g_content"
          ) AS "t47"
        ) AS "t50"
      ) AS "t55"
    ) AS "t57"
      ON "t51"."topic" = "t57"."t_topic"
  ) AS "t58"
)
SELECT
  "t67"."person_id",
  "t67"."score",
  "t67"."value",
  "t67"."low",
  "t67"."high",
  "t67"."components",
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST("t67"."_below" AS DOUBLE) + (
              CAST("t67"."_equal" AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / "t67"."_n"
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS "percentile"
FROM (
  SELECT
    "t66"."person_id",
    "t66"."score",
    "t66"."value",
    "t66"."low",
    "t66"."high",
    "t66"."components",
    "t66"."_key",
    RANK() OVER (
      PARTITION BY "t66"."score"
      ORDER BY "t66"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_below",
    COUNT("t66"."person_id") OVER (
      PARTITION BY "t66"."score"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_n",
    COUNT("t66"."person_id") OVER (
      PARTITION BY "t66"."score", "t66"."_key"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_equal"
  FROM (
    SELECT
      "t65"."person_id",
      "t65"."score",
      "t65"."value",
      "t65"."low",
      "t65"."high",
      "t65"."components",
      CAST(ROUND("t65"."value", 9) AS DOUBLE) AS "_key"
    FROM (
      SELECT
        "t62"."person_id",
        'expertise' AS "score",
        "t62"."value",
        "t62"."low",
        "t62"."high",
        {'topic': "t62"."topic", 'topic_n': "t62"."n", 'topic_n_w': "t62"."n_w", 'topic_recognition': "t62"."recognition", 'topic_mean': "t62"."topic_mean", 'topic_2': "t64"."topic_2", 'topic_3': "t64"."topic_3", 'topics': "t62"."_topics"} AS "components"
      FROM (
        SELECT
          *
        FROM "t59" AS "t60"
        WHERE
          "t60"."_rk" = 0
      ) AS "t62"
      INNER JOIN (
        SELECT
          "t60"."person_id" AS "b_person",
          MAX("t60"."topic") FILTER(WHERE
            "t60"."_rk" = 1) AS "topic_2",
          MAX("t60"."topic") FILTER(WHERE
            "t60"."_rk" = 2) AS "topic_3"
        FROM "t59" AS "t60"
        GROUP BY
          1
      ) AS "t64"
        ON "t62"."person_id" = "t64"."b_person"
    ) AS "t65"
  ) AS "t66"
) AS "t67"

WITH "t5" AS (
  SELECT
    "t1"."identity_id" AS "_actor_pid_identity",
    "t1"."person_id" AS "actor_pid"
  FROM "identities" AS "t1"
), "t25" AS (
  SELECT
    "t21"."o_content",
    LOWER("t21"."topic") AS "topic"
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
  ) AS "t21"
  WHERE
    "t21"."topic" IS NOT NULL AND "t21"."topic" <> ''
), "t41" AS (
  SELECT
    "t35"."content_id",
    "t8"."c_id",
    "t8"."root",
    "t8"."community"
  FROM (
    SELECT
      "t30"."content_id"
    FROM (
      SELECT
        "t27".*
        EXCLUDE ("_author_pid_identity")
      FROM (
        SELECT
          "t15"."content_id",
          "t15"."network",
          "t15"."source_id",
          "t15"."community",
          "t15"."kind",
          "t15"."author",
          "t15"."created_at",
          "t15"."parent_id",
          "t15"."root_id",
          "t15"."title",
          "t15"."text",
          "t15"."tags",
          "t15"."url",
          "t15"."views",
          "t22"."w_actor",
          "t22"."w_ts",
          "t22"."wrapped",
          "t10"."_author_pid_identity",
          "t10"."author_pid"
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
        ) AS "t15"
        LEFT OUTER JOIN (
          SELECT
            "t13"."w_actor",
            "t13"."w_ts",
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
          ) AS "t13"
        ) AS "t22"
          ON "t15"."author" = "t22"."w_actor" AND "t15"."created_at" = "t22"."w_ts"
        LEFT OUTER JOIN (
          SELECT
            "t1"."identity_id" AS "_author_pid_identity",
            "t1"."person_id" AS "author_pid"
          FROM "identities" AS "t1"
        ) AS "t10"
          ON "t15"."author" = "t10"."_author_pid_identity"
      ) AS "t27"
    ) AS "t30"
  ) AS "t35"
  INNER JOIN (
    SELECT
      "t0"."content_id" AS "c_id",
      "t0"."root_id" AS "root",
      "t0"."community"
    FROM "contents" AS "t0"
  ) AS "t8"
    ON "t35"."content_id" = "t8"."c_id"
), "t63" AS (
  SELECT
    "t39"."content_id",
    "t39"."author_pid",
    "t39"."created_at",
    COALESCE("t62"."g_r", 0.0) AS "r"
  FROM (
    SELECT
      "t30"."content_id",
      CASE
        WHEN "t30"."wrapped" IS NULL
        THEN "t30"."author_pid"
        ELSE CAST(NULL AS TEXT)
      END AS "author_pid",
      "t30"."created_at"
    FROM (
      SELECT
        "t27".*
        EXCLUDE ("_author_pid_identity")
      FROM (
        SELECT
          "t15"."content_id",
          "t15"."network",
          "t15"."source_id",
          "t15"."community",
          "t15"."kind",
          "t15"."author",
          "t15"."created_at",
          "t15"."parent_id",
          "t15"."root_id",
          "t15"."title",
          "t15"."text",
          "t15"."tags",
          "t15"."url",
          "t15"."views",
          "t22"."w_actor",
          "t22"."w_ts",
          "t22"."wrapped",
          "t10"."_author_pid_identity",
          "t10"."author_pid"
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
        ) AS "t15"
        LEFT OUTER JOIN (
          SELECT
            "t13"."w_actor",
            "t13"."w_ts",
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
          ) AS "t13"
        ) AS "t22"
          ON "t15"."author" = "t22"."w_actor" AND "t15"."created_at" = "t22"."w_ts"
        LEFT OUTER JOIN (
          SELECT
            "t1"."identity_id" AS "_author_pid_identity",
            "t1"."person_id" AS "author_pid"
          FROM "identities" AS "t1"
        ) AS "t10"
          ON "t15"."author" = "t10"."_author_pid_identity"
      ) AS "t27"
    ) AS "t30"
  ) AS "t39"
  LEFT OUTER JOIN (
    SELECT
      "t58"."target_content" AS "g_content",
      "t58"."a_pid" AS "g_pid",
      "t58"."k_created" AS "g_created",
      SUM("t58"."w") AS "g_r"
    FROM (
      SELECT
        "t53"."target_content",
        "t53"."actor",
        "t53"."w",
        "t53"."k_id",
        "t53"."k_author",
        "t53"."k_created",
        "t53"."k_cand",
        "t53"."a_pid",
        "t53"."actor_pid",
        COALESCE("t53"."actor_pid", "t53"."actor") AS "responder"
      FROM (
        SELECT
          "t52".*
          EXCLUDE ("_actor_pid_identity")
        FROM (
          SELECT
            "t48"."target_content",
            "t48"."actor",
            "t48"."w",
            "t48"."k_id",
            "t48"."k_author",
            "t48"."k_created",
            "t48"."k_cand",
            "t48"."a_pid",
            "t16"."_actor_pid_identity",
            "t16"."actor_pid"
          FROM (
            SELECT
              "t44".*
              EXCLUDE ("_a_pid_identity")
            FROM (
              SELECT
                "t38"."target_content",
                "t38"."actor",
                "t38"."w",
                "t38"."k_id",
                "t38"."k_author",
                "t38"."k_created",
                "t38"."k_cand",
                "t12"."_a_pid_identity",
                "t12"."a_pid"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t24"."target_content",
                    "t24"."actor",
                    "t24"."w",
                    "t19"."k_id",
                    "t19"."k_author",
                    "t19"."k_created",
                    "t19"."k_cand"
                  FROM (
                    SELECT
                      "t18"."target_content",
                      "t18"."actor",
                      SUM("t18"."w") AS "w"
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
                    ) AS "t18"
                    GROUP BY
                      1,
                      2
                  ) AS "t24"
                  INNER JOIN (
                    SELECT
                      "t0"."content_id" AS "k_id",
                      "t0"."author" AS "k_author",
                      "t0"."created_at" AS "k_created",
                      "t0"."kind" IN (
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
                      AND (
                        "t0"."author" IS NOT NULL
                      ) AS "k_cand"
                    FROM "contents" AS "t0"
                    WHERE
                      "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                  ) AS "t19"
                    ON "t24"."target_content" = "t19"."k_id"
                ) AS "t31"
                WHERE
                  "t31"."k_cand"
              ) AS "t38"
              LEFT OUTER JOIN (
                SELECT
                  "t1"."identity_id" AS "_a_pid_identity",
                  "t1"."person_id" AS "a_pid"
                FROM "identities" AS "t1"
              ) AS "t12"
                ON "t38"."k_author" = "t12"."_a_pid_identity"
            ) AS "t44"
          ) AS "t48"
          LEFT OUTER JOIN "t5" AS "t16"
            ON "t48"."actor" = "t16"."_actor_pid_identity"
        ) AS "t52"
      ) AS "t53"
      WHERE
        (
          COALESCE("t53"."actor_pid", "t53"."actor") IS NULL
        )
        OR (
          COALESCE("t53"."actor_pid", "t53"."actor") <> "t53"."a_pid"
        )
    ) AS "t58"
    GROUP BY
      1,
      2,
      3
  ) AS "t62"
    ON "t39"."content_id" = "t62"."g_content"
), "t75" AS (
  SELECT
    "t73"."author_pid",
    "t73"."topic",
    COUNT(*) AS "n",
    SUM("t73"."m") AS "n_w",
    SUM("t73"."m" * "t73"."r") AS "recognition",
    SUM("t73"."m" * "t73"."r" * "t73"."r") AS "q"
  FROM (
    SELECT
      "t67"."content_id",
      "t67"."author_pid",
      "t67"."r" + COALESCE("t72"."pw", 0.0) AS "r",
      CAST(1.0 AS DOUBLE) AS "m",
      "t60"."topic"
    FROM (
      SELECT
        *
      FROM "t63" AS "t64"
      WHERE
        "t64"."author_pid" IS NOT NULL
    ) AS "t67"
    LEFT OUTER JOIN (
      SELECT
        "t70"."p_id" AS "g_content",
        SUM("t70"."w") AS "pw"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t47"."target_content",
            "t47"."responder",
            "t47"."w",
            "t68"."p_id",
            "t68"."p_author"
          FROM (
            SELECT
              "t40"."target_content",
              "t40"."responder",
              SUM("t40"."w") AS "w"
            FROM (
              SELECT
                "t34"."target_content",
                "t34"."actor",
                "t34"."w",
                "t34"."actor_pid",
                COALESCE("t34"."actor_pid", "t34"."actor", '') AS "responder"
              FROM (
                SELECT
                  "t32".*
                  EXCLUDE ("_actor_pid_identity")
                FROM (
                  SELECT
                    "t24"."target_content",
                    "t24"."actor",
                    "t24"."w",
                    "t17"."_actor_pid_identity",
                    "t17"."actor_pid"
                  FROM (
                    SELECT
                      "t18"."target_content",
                      "t18"."actor",
                      SUM("t18"."w") AS "w"
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
                    ) AS "t18"
                    GROUP BY
                      1,
                      2
                  ) AS "t24"
                  ANTI JOIN (
                    SELECT
                      "t0"."content_id" AS "k_id",
                      "t0"."author" AS "k_author",
                      "t0"."created_at" AS "k_created",
                      "t0"."kind" IN (
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
                      AND (
                        "t0"."author" IS NOT NULL
                      ) AS "k_cand"
                    FROM "contents" AS "t0"
                    WHERE
                      "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                  ) AS "t19"
                    ON "t24"."target_content" = "t19"."k_id"
                  LEFT OUTER JOIN "t5" AS "t17"
                    ON "t24"."actor" = "t17"."_actor_pid_identity"
                ) AS "t32"
              ) AS "t34"
            ) AS "t40"
            GROUP BY
              1,
              2
          ) AS "t47"
          INNER JOIN (
            SELECT
              "t64"."content_id" AS "p_id",
              "t64"."author_pid" AS "p_author"
            FROM "t63" AS "t64"
            WHERE
              "t64"."author_pid" IS NOT NULL
          ) AS "t68"
            ON "t47"."target_content" = "t68"."p_id"
        ) AS "t69"
        WHERE
          "t69"."responder" <> "t69"."p_author"
      ) AS "t70"
      GROUP BY
        1
    ) AS "t72"
      ON "t67"."content_id" = "t72"."g_content"
    INNER JOIN (
      SELECT
        *
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
                "t35"."content_id" AS "t_content",
                "t28"."topic"
              FROM (
                SELECT
                  "t30"."content_id"
                FROM (
                  SELECT
                    "t27".*
                    EXCLUDE ("_author_pid_identity")
                  FROM (
                    SELECT
                      "t15"."content_id",
                      "t15"."network",
                      "t15"."source_id",
                      "t15"."community",
                      "t15"."kind",
                      "t15"."author",
                      "t15"."created_at",
                      "t15"."parent_id",
                      "t15"."root_id",
                      "t15"."title",
                      "t15"."text",
                      "t15"."tags",
                      "t15"."url",
                      "t15"."views",
                      "t22"."w_actor",
                      "t22"."w_ts",
                      "t22"."wrapped",
                      "t10"."_author_pid_identity",
                      "t10"."author_pid"
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
                    ) AS "t15"
                    LEFT OUTER JOIN (
                      SELECT
                        "t13"."w_actor",
                        "t13"."w_ts",
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
                      ) AS "t13"
                    ) AS "t22"
                      ON "t15"."author" = "t22"."w_actor" AND "t15"."created_at" = "t22"."w_ts"
                    LEFT OUTER JOIN (
                      SELECT
                        "t1"."identity_id" AS "_author_pid_identity",
                        "t1"."person_id" AS "author_pid"
                      FROM "identities" AS "t1"
                    ) AS "t10"
                      ON "t15"."author" = "t10"."_author_pid_identity"
                  ) AS "t27"
                ) AS "t30"
              ) AS "t35"
              INNER JOIN (
                SELECT
                  "t0"."content_id" AS "c_id",
                  "t0"."root_id" AS "root",
                  "t0"."community"
                FROM "contents" AS "t0"
              ) AS "t8"
                ON "t35"."content_id" = "t8"."c_id"
              INNER JOIN "t25" AS "t28"
                ON "t35"."content_id" = "t28"."o_content"
            ) AS "t42"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                "t51"."content_id" AS "t_content",
                "t29"."topic"
              FROM (
                SELECT
                  *
                FROM "t41" AS "t43"
                WHERE
                  "t43"."root" IS NOT NULL AND "t43"."root" <> "t43"."content_id"
              ) AS "t51"
              INNER JOIN "t25" AS "t29"
                ON "t51"."root" = "t29"."o_content"
            ) AS "t54"
          ) AS "t55"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t43"."content_id" AS "t_content",
              'community:' || "t43"."community" AS "topic"
            FROM "t41" AS "t43"
            WHERE
              "t43"."community" IS NOT NULL
          ) AS "t49"
        ) AS "t56"
      ) AS "t57"
    ) AS "t60"
      ON "t67"."content_id" = "t60"."t_content"
  ) AS "t73"
  GROUP BY
    1,
    2
), "t86" AS (
  SELECT
    "t85"."person_id",
    "t85"."topic",
    "t85"."value",
    "t85"."low",
    "t85"."high",
    "t85"."n",
    "t85"."n_w",
    "t85"."recognition",
    "t85"."topic_mean",
    ROW_NUMBER() OVER (
      PARTITION BY "t85"."person_id"
      ORDER BY CAST(ROUND("t85"."value", 9) AS DOUBLE) DESC, "t85"."topic" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_rk",
    COUNT("t85"."topic") OVER (
      PARTITION BY "t85"."person_id"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_topics"
  FROM (
    SELECT
      "t78"."author_pid" AS "person_id",
      "t78"."topic",
      (
        (
          "t78"."recognition" + (
            "t84"."mu_t" * 5.0
          )
        ) / (
          "t78"."n_w" + 5.0
        )
      ) * LN("t78"."n_w" + 1.0) AS "value",
      GREATEST(
        (
          (
            "t78"."recognition" + (
              "t84"."mu_t" * 5.0
            )
          ) / (
            "t78"."n_w" + 5.0
          )
        ) - (
          SQRT("t84"."var_t" / (
            "t78"."n_w" + 5.0
          )) * 1.6448536269514715
        ),
        0.0
      ) * LN("t78"."n_w" + 1.0) AS "low",
      (
        (
          (
            "t78"."recognition" + (
              "t84"."mu_t" * 5.0
            )
          ) / (
            "t78"."n_w" + 5.0
          )
        ) + (
          SQRT("t84"."var_t" / (
            "t78"."n_w" + 5.0
          )) * 1.6448536269514715
        )
      ) * LN("t78"."n_w" + 1.0) AS "high",
      "t78"."n",
      "t78"."n_w",
      "t78"."recognition",
      "t84"."mu_t" AS "topic_mean"
    FROM "t75" AS "t78"
    INNER JOIN (
      SELECT
        "t80"."t_topic",
        (
          "t80"."st" + (
            "t82"."mu0" * 5.0
          )
        ) / (
          "t80"."nt" + 5.0
        ) AS "mu_t",
        (
          GREATEST(
            "t80"."qt" - (
              (
                "t80"."st" * "t80"."st"
              ) / NULLIF("t80"."nt", 0.0)
            ),
            0.0
          ) + (
            "t82"."var0" * 5.0
          )
        ) / (
          "t80"."nt" + 5.0
        ) AS "var_t"
      FROM (
        SELECT
          "t77"."topic" AS "t_topic",
          SUM("t77"."n_w") AS "nt",
          SUM("t77"."recognition") AS "st",
          SUM("t77"."q") AS "qt"
        FROM "t75" AS "t77"
        GROUP BY
          1
      ) AS "t80"
      CROSS JOIN (
        SELECT
          "t76"."s0" / NULLIF("t76"."n0", 0.0) AS "mu0",
          GREATEST(
            (
              "t76"."q0" / NULLIF("t76"."n0", 0.0)
            ) - (
              (
                "t76"."s0" / NULLIF("t76"."n0", 0.0)
              ) * (
                "t76"."s0" / NULLIF("t76"."n0", 0.0)
              )
            ),
            0.0
          ) AS "var0"
        FROM (
          SELECT
            SUM("t74"."m") AS "n0",
            SUM("t74"."m" * "t74"."r") AS "s0",
            SUM("t74"."m" * "t74"."r" * "t74"."r") AS "q0"
          FROM (
            SELECT
              "t67"."content_id",
              "t67"."author_pid",
              "t67"."r" + COALESCE("t72"."pw", 0.0) AS "r",
              CAST(1.0 AS DOUBLE) AS "m"
            FROM (
              SELECT
                *
              FROM "t63" AS "t64"
              WHERE
                "t64"."author_pid" IS NOT NULL
            ) AS "t67"
            LEFT OUTER JOIN (
              SELECT
                "t70"."p_id" AS "g_content",
                SUM("t70"."w") AS "pw"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t47"."target_content",
                    "t47"."responder",
                    "t47"."w",
                    "t68"."p_id",
                    "t68"."p_author"
                  FROM (
                    SELECT
                      "t40"."target_content",
                      "t40"."responder",
                      SUM("t40"."w") AS "w"
                    FROM (
                      SELECT
                        "t34"."target_content",
                        "t34"."actor",
                        "t34"."w",
                        "t34"."actor_pid",
                        COALESCE("t34"."actor_pid", "t34"."actor", '') AS "responder"
                      FROM (
                        SELECT
                          "t32".*
                          EXCLUDE ("_actor_pid_identity")
                        FROM (
                          SELECT
                            "t24"."target_content",
                            "t24"."actor",
                            "t24"."w",
                            "t17"."_actor_pid_identity",
                            "t17"."actor_pid"
                          FROM (
                            SELECT
                              "t18"."target_content",
                              "t18"."actor",
                              SUM("t18"."w") AS "w"
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
                            ) AS "t18"
                            GROUP BY
                              1,
                              2
                          ) AS "t24"
                          ANTI JOIN (
                            SELECT
                              "t0"."content_id" AS "k_id",
                              "t0"."author" AS "k_author",
                              "t0"."created_at" AS "k_created",
                              "t0"."kind" IN (
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
                              AND (
                                "t0"."author" IS NOT NULL
                              ) AS "k_cand"
                            FROM "contents" AS "t0"
                            WHERE
                              "t0"."created_at" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                          ) AS "t19"
                            ON "t24"."target_content" = "t19"."k_id"
                          LEFT OUTER JOIN "t5" AS "t17"
                            ON "t24"."actor" = "t17"."_actor_pid_identity"
                        ) AS "t32"
                      ) AS "t34"
                    ) AS "t40"
                    GROUP BY
                      1,
                      2
                  ) AS "t47"
                  INNER JOIN (
                    SELECT
                      "t64"."content_id" AS "p_id",
                      "t64"."author_pid" AS "p_author"
                    FROM "t63" AS "t64"
                    WHERE
                      "t64"."author_pid" IS NOT NULL
                  ) AS "t68"
                    ON "t47"."target_content" = "t68"."p_id"
                ) AS "t69"
                WHERE
                  "t69"."responder" <> "t69"."p_author"
              ) AS "t70"
              GROUP BY
                1
            ) AS "t72"
              ON "t67"."content_id" = "t72"."g_content"
          ) AS "t74"
        ) AS "t76"
      ) AS "t82"
    ) AS "t84"
      ON "t78"."topic" = "t84"."t_topic"
  ) AS "t85"
)
SELECT
  "t94"."person_id",
  "t94"."score",
  "t94"."value",
  "t94"."low",
  "t94"."high",
  "t94"."components",
  CAST(GREATEST(
    LEAST(
      CAST(CEIL(
        (
          (
            CAST("t94"."_below" AS DOUBLE) + (
              CAST("t94"."_equal" AS DOUBLE) * 0.5
            )
          ) * 100.0
        ) / "t94"."_n"
      ) AS BIGINT),
      100
    ),
    1
  ) AS INT) AS "percentile"
FROM (
  SELECT
    "t93"."person_id",
    "t93"."score",
    "t93"."value",
    "t93"."low",
    "t93"."high",
    "t93"."components",
    "t93"."_key",
    RANK() OVER (
      PARTITION BY "t93"."score"
      ORDER BY "t93"."_key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_below",
    COUNT("t93"."person_id") OVER (
      PARTITION BY "t93"."score"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_n",
    COUNT("t93"."person_id") OVER (
      PARTITION BY "t93"."score", "t93"."_key"
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_equal"
  FROM (
    SELECT
      "t92"."person_id",
      "t92"."score",
      "t92"."value",
      "t92"."low",
      "t92"."high",
      "t92"."components",
      CAST(ROUND("t92"."value", 9) AS DOUBLE) AS "_key"
    FROM (
      SELECT
        "t89"."person_id",
        'expertise' AS "score",
        "t89"."value",
        "t89"."low",
        "t89"."high",
        {'topic': "t89"."topic", 'topic_n': "t89"."n", 'topic_n_w': "t89"."n_w", 'topic_recognition': "t89"."recognition", 'topic_mean': "t89"."topic_mean", 'topic_2': "t91"."topic_2", 'topic_3': "t91"."topic_3", 'topics': "t89"."_topics"} AS "components"
      FROM (
        SELECT
          *
        FROM "t86" AS "t87"
        WHERE
          "t87"."_rk" = 0
      ) AS "t89"
      INNER JOIN (
        SELECT
          "t87"."person_id" AS "b_person",
          MAX("t87"."topic") FILTER(WHERE
            "t87"."_rk" = 1) AS "topic_2",
          MAX("t87"."topic") FILTER(WHERE
            "t87"."_rk" = 2) AS "topic_3"
        FROM "t86" AS "t87"
        GROUP BY
          1
      ) AS "t91"
        ON "t89"."person_id" = "t91"."b_person"
    ) AS "t92"
  ) AS "t93"
) AS "t94"

SELECT
  "t14"."src",
  "t14"."dst",
  SUM("t14"."w") * 1.0 AS "w"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t12".*
      EXCLUDE ("_dst_identity")
    FROM (
      SELECT
        "t11"."actor",
        "t11"."target_person",
        "t11"."w",
        "t11"."src",
        "t4"."_dst_identity",
        "t4"."dst"
      FROM (
        SELECT
          "t9".*
          EXCLUDE ("_src_identity")
        FROM (
          SELECT
            "t8"."actor",
            "t8"."target_person",
            "t8"."w",
            "t5"."_src_identity",
            "t5"."src"
          FROM (
            SELECT
              "t6"."actor",
              "t6"."target_person",
              SUM(
                EXP(
                  (
                    CAST(DATE_DIFF('MILLISECOND', CAST("t6"."ts" AS TIMESTAMP), MAKE_TIMESTAMP(2021, 9, 1, 0, 0, 0.0)) AS DOUBLE) / 86400000.0
                  ) * -0.007701635339554948
                )
              ) AS "w"
            FROM (
              SELECT
                *
              FROM "events" AS "t1"
              WHERE
                "t1"."ts" <= MAKE_TIMESTAMPTZ(2021, 9, 1, 0, 0, 0.0, 'UTC')
                AND "t1"."kind" IN ('reply', 'comment', 'reshare', 'quote', 'mention', 'reaction', 'accept', 'adopt')
                AND "t1"."actor" IS NOT NULL
                AND "t1"."target_person" IS NOT NULL
                AND (
                  (
                    "t1"."kind" <> 'reaction'
                  ) OR (
                    "t1"."value" > 0
                  )
                )
            ) AS "t6"
            GROUP BY
              1,
              2
          ) AS "t8"
          LEFT OUTER JOIN (
            SELECT
              "t0"."identity_id" AS "_src_identity",
              "t0"."person_id" AS "src"
            FROM "identities" AS "t0"
          ) AS "t5"
            ON "t8"."actor" = "t5"."_src_identity"
        ) AS "t9"
      ) AS "t11"
      LEFT OUTER JOIN (
        SELECT
          "t0"."identity_id" AS "_dst_identity",
          "t0"."person_id" AS "dst"
        FROM "identities" AS "t0"
      ) AS "t4"
        ON "t11"."target_person" = "t4"."_dst_identity"
    ) AS "t12"
  ) AS "t13"
  WHERE
    "t13"."src" IS NOT NULL AND "t13"."dst" IS NOT NULL AND "t13"."src" <> "t13"."dst"
) AS "t14"
GROUP BY
  1,
  2

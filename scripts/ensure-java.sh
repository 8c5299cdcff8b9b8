#!/usr/bin/env bash
# The Spark engine (PySpark) needs a Java runtime, 17 or newer.  Install one through apt
# when it is missing and we run as root (as CI does); otherwise say what to do.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
    major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
    if [ "${major:-0}" -ge 17 ]; then exit 0; fi
    echo "ensure-java: java ${major:-?} found, Spark needs 17 or newer" >&2
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-java: installing a Java runtime with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
    exit 0
fi
echo "ensure-java: no Java 17+ runtime. Install one (e.g. 'apt-get install default-jre-headless')" \
     "or set JAVA_HOME; the Spark tests need it." >&2
exit 1

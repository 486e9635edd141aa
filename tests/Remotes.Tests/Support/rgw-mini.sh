#!/usr/bin/env bash
# A throwaway single-host Ceph cluster serving S3: one monitor, one OSD keeping its data in memory
# (memstore) and one radosgw, with authentication off, all on 127.0.0.1. The RGW tests and the
# benchmark start it; nothing is left on disk but DIR, and stop kills only the three daemons it started.
#
#   rgw-mini.sh start DIR [RGW_PORT MON_PORT]   prints "RGW up on http://127.0.0.1:PORT"
#   rgw-mini.sh stop DIR
#
# Needs Debian's radosgw, ceph-mon and ceph-osd (./test.sh installs them). The S3 user's key pair is
# S3_ACCESS_KEY / S3_SECRET_KEY (default S3RVER / S3RVER, the pair the s3rver tests use).
set -euo pipefail
cmd=${1:?usage: rgw-mini.sh start DIR [RGW_PORT MON_PORT] | stop DIR}
D=$(realpath -m "${2:?usage: rgw-mini.sh start DIR [RGW_PORT MON_PORT] | stop DIR}")
PORT=${3:-7480}
MONPORT=${4:-6789}

if [ "$cmd" = stop ]; then
  for p in client.rgw.a osd.0 mon.a; do
    if [ -f "$D/run/$p.pid" ]; then kill "$(cat "$D/run/$p.pid")" 2>/dev/null || true; fi
  done
  exit 0
fi
[ "$cmd" = start ] || { echo "unknown command '$cmd'" >&2; exit 2; }
for tool in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph uuidgen; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install radosgw ceph-mon ceph-osd uuid-runtime" >&2; exit 3; }
done

rm -rf "$D"; mkdir -p "$D"/{mon,osd0,run,log,rgw}; cd "$D"
FSID=$(uuidgen)
# The OSD must not update its class or CRUSH location at boot (that fails with 'wrong fsid' here), and
# pools get 8 placement groups so radosgw's automatic pool creation stays under the per-OSD limit.
cat > ceph.conf <<CONF
[global]
fsid = $FSID
mon_host = v1:127.0.0.1:$MONPORT
public_network = 127.0.0.0/8
ms_bind_msgr2 = false
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_max_pg_per_osd = 1000
mon_allow_pool_size_one = true
osd_crush_chooseleaf_type = 0
osd_objectstore = memstore
memstore_device_bytes = 2147483648
run_dir = $D/run
admin_socket = $D/run/\$name.asok
log_file = $D/log/\$name.log
pid_file = $D/run/\$name.pid
[mon.a]
mon_data = $D/mon
[osd.0]
osd_data = $D/osd0
osd_class_update_on_start = false
osd_crush_update_on_start = false
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$PORT
rgw_data = $D/rgw
CONF
monmaptool --create --addv a "[v1:127.0.0.1:$MONPORT]" --fsid "$FSID" monmap >/dev/null
ceph-mon --mkfs -i a --monmap monmap -c ceph.conf
ceph-mon -i a -c ceph.conf
OSD_UUID=$(uuidgen)
timeout 30 ceph -c ceph.conf osd new "$OSD_UUID" >/dev/null
timeout 30 ceph -c ceph.conf osd crush add osd.0 1 root=default >/dev/null
ceph-osd -i 0 --mkfs --osd-uuid "$OSD_UUID" -c ceph.conf 2>/dev/null
ceph-osd -i 0 -c ceph.conf 2>/dev/null
radosgw -c ceph.conf -n client.rgw.a
for _ in $(seq 1 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 1
done
timeout 60 radosgw-admin -c ceph.conf user create --uid=test --display-name=test \
  --access-key="${S3_ACCESS_KEY:-S3RVER}" --secret-key="${S3_SECRET_KEY:-S3RVER}" >/dev/null
echo "RGW up on http://127.0.0.1:$PORT"

#!/bin/sh
# Lays out an unpacked Patchbay distribution the way the container image runs it. The Dockerfile
# runs it at build time; itests' ContainerLayoutIT runs the same script on the local file system.
#
#   layout.sh <installation> <state> <config> <uid> <gid> <ops/container>
#
# <installation>  the unpacked distribution (KARAF_HOME, KARAF_ETC): made read-only
# <state>         KARAF_BASE (karaf.pid, lock, instances/) with data/ (KARAF_DATA): the volume
#                 Patchbay writes to (logs, audit, bundle cache, generated keys)
# <config>        PATCHBAY_CONFIG_DIR: .cfg files of further endpoints, TLS and rate-limit
#                 profiles (a volume; on Kubernetes a ConfigMap); names other than those in etc/
# <uid> <gid>     the non-root user owning <state> and <config>; "-" leaves ownership alone
set -eu
install_dir=$1 state_dir=$2 config_dir=$3 uid=$4 gid=$5 src=$6

# etc/ stays as shipped: the features would write back any .cfg they ship that is missing, which
# fails on a read-only installation. The Dockerfile's environment moves the shipped endpoints'
# hosts and the generated TLS key (README, "Settings from the environment").
cp "${src}/org.apache.felix.fileinstall-config.cfg" "${install_dir}/etc/"
cp "${src}/patchbay-probe" "${install_dir}/bin/patchbay-probe"
chmod 755 "${install_dir}/bin/patchbay-probe"

mkdir -p "${state_dir}/data" "${config_dir}"
if [ "${uid}" != "-" ]; then
    chown -R "${uid}:${gid}" "${state_dir}" "${config_dir}"
fi
# Read-only for everyone, root-owned in the image: nothing of the installation changes at run time.
chmod -R a-w "${install_dir}"

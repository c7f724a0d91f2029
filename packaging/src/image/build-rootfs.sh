#!/bin/sh
# The container image's base, made offline from this machine (no registry is needed or reachable):
#   /opt/java       a jlink'ed Java runtime with only the modules sessionkeys uses (jdeps, plus the TLS and JMX ones
#                   that are loaded reflectively), with the JDK's class-data archive for a faster start;
#   /lib, /usr/lib  exactly the shared libraries that runtime links against (glibc, libstdc++, zlib...), copied
#                   from this machine, and libgcc_s, which glibc loads at thread exit;
#   /etc            passwd/group naming the non-root user 65532, nsswitch.conf;
#   /tmp /proc /dev /sys   empty mount points (the runtime mounts them; /tmp is an emptyDir in the chart).
# Usage: build-rootfs.sh JAVA_HOME OUT_DIR
set -eu
jdk="$1"
out="$2"
modules="java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql"
modules="$modules,java.xml,jdk.crypto.ec,jdk.httpserver,jdk.unsupported"

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/proc" "$out/dev" "$out/sys"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/opt/java"
# Debian's JDK keeps its CA bundle outside the JDK (a symlink into /etc): the image gets a copy of the file.
if [ ! -s "$out/opt/java/lib/security/cacerts" ] && [ -s "$jdk/lib/security/cacerts" ]; then
  rm -f "$out/opt/java/lib/security/cacerts"
  cp -L "$jdk/lib/security/cacerts" "$out/opt/java/lib/security/cacerts"
fi
# The default class-data archive of the trimmed runtime (saves some 30% of each JVM start).
"$out/opt/java/bin/java" -Xshare:dump -Xlog:disable >/dev/null 2>&1 || true

# java.beans (in java.desktop) is used, AWT never: its native libraries (and the X11 and font libraries they would
# pull in) stay out.
for lib in libawt libawt_headless libawt_xawt libfontmanager libjavajpeg libjawt libjsound liblcms libmlib_image \
  libsplashscreen; do
  rm -f "$out/opt/java/lib/$lib.so"
done

# Every shared library any ELF file of the runtime needs, at the path the loader looks for it.
libs="$(find "$out/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c 'ldd "$1" 2>/dev/null' _ {} \; \
  | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | sort -u)"
gcc_s="$(ldconfig -p | awk '/libgcc_s\.so\.1 .*x86-64/ { print $NF; exit }')"
for lib in $libs $gcc_s; do
  case "$lib" in
    "$out"/*) continue ;;
  esac
  mkdir -p "$out$(dirname "$lib")"
  cp -L "$lib" "$out$lib"
done

cat >"$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
sessionkeys:x:65532:65532:sessionkeys:/tmp:/sbin/nologin
PASSWD
cat >"$out/etc/group" <<'GROUP'
root:x:0:
sessionkeys:x:65532:
GROUP
echo "hosts: files dns" >"$out/etc/nsswitch.conf"
echo "rootfs: $(du -sh "$out" | cut -f1) in $out"

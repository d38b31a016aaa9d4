# SPDX-License-Identifier: GPL-2.0-or-later
"""Release checks.

release.version  (VersionTest): one version number, from CMake's
                 project(VERSION), in tshark -G plugins, CHANGELOG.md and the
                 Debian changelog.
release.package  (PackageTest): the Debian package CPack makes from this
                 build: control fields, exact file list, lintian, and the
                 unpacked package's plugin and profile loaded by tshark;
                 cmake --install into the personal folders.
release.profile  (ProfileTest): the "SIP Advisor" configuration profile in
                 tshark (no X): file formats, every filter compiles, colouring
                 rules per frame, the columns.
"""
import html
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from sipadvisor_harness import (BUILD, SOURCE, TSHARK_DEV, PluginTestCase, capture, run_tshark,
                                sipadvisor_fields)

PROFILE_NAME = "SIP Advisor"
PROFILE_SOURCE = os.path.join(SOURCE, "profile")
PROFILE_FILES = ["colorfilters", "dfilter_buttons", "dfilters", "preferences"]

# Lintian tags that may remain, each with its reason. Anything else lintian
# reports (error, warning, info, pedantic or experimental) fails the test.
LINTIAN_ALLOWED = {
    "initial-upload-closes-no-bugs":
        "the package is built from the upstream tree for our own users, not uploaded to Debian: "
        "there is no ITP bug to close",
}


def cmake_cache(name):
    with open(os.path.join(BUILD, "CMakeCache.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(rf"^{re.escape(name)}:[A-Z]+=(.*)$", line.rstrip("\n"))
            if m:
                return m.group(1)
    raise AssertionError(f"{name} not in {BUILD}/CMakeCache.txt")


VERSION = cmake_cache("CMAKE_PROJECT_VERSION")


def run(cmd, check=True, **kwargs):
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", **kwargs)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def ws_release():
    """The Wireshark major.minor this build is for: its plugin folder name."""
    releases = [d for d in os.listdir(os.path.join(BUILD, "plugins")) if re.match(r"^\d+\.\d+$", d)]
    if len(releases) != 1:
        raise AssertionError(f"expected one <major>.<minor> folder in {BUILD}/plugins, found {releases}")
    major, minor = releases[0].split(".")
    return int(major), int(minor)


def tshark_version():
    out = run(["tshark", "--version"]).stdout
    m = re.search(r"TShark \(Wireshark\) (\d+)\.(\d+)\.(\d+)", out)
    return tuple(int(x) for x in m.groups())


def shared_dir(prefix, writable=False):
    """A temporary folder tshark can use: tests/tshark-dev runs tshark as the
    user nobody where user namespaces are refused (in a chroot)."""
    path = tempfile.mkdtemp(prefix=prefix)
    os.chmod(path, 0o777 if writable else 0o755)
    return path


def tshark_with(args, plugin_dir=None, env=None, check=True):
    """tshark through tests/tshark-dev (user namespace as root), uncached,
    with extra environment (WIRESHARK_CONFIG_DIR, ...) and a fresh HOME."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    cmd = [TSHARK_DEV] + (["--plugin-dir", plugin_dir] if plugin_dir else ["--build", BUILD]) + list(args)
    proc = run(cmd, check=False, env=full_env, timeout=300)
    stderr = "\n".join(l for l in proc.stderr.splitlines() if "Running as user" not in l)
    if check and proc.returncode != 0:
        raise AssertionError(f"tshark {' '.join(args)} failed ({proc.returncode}): {stderr}")
    return proc.stdout, stderr


def profile_config_dir():
    """A Wireshark configuration folder holding only the repository's
    profile, as cmake --install lays it out."""
    conf = shared_dir("sa-conf-", writable=True)
    dest = os.path.join(conf, "profiles", PROFILE_NAME)
    os.makedirs(dest)
    for name in PROFILE_FILES:
        shutil.copy(os.path.join(PROFILE_SOURCE, name), dest)
    for d in (conf, os.path.join(conf, "profiles"), dest):
        os.chmod(d, 0o777)
    return conf


def coloring_rules(conf, path, env=None, two_pass=True):
    """Frame number -> the name of the colouring rule that matched, with the
    profile (tshark applies colouring rules only with --color)."""
    args = ["-C", PROFILE_NAME, "--color", "-n", "-r", path, "-T", "fields", "-e", "frame.number",
            "-e", "frame.coloring_rule.name"] + (["-2"] if two_pass else [])
    out, err = tshark_with(args, env={"WIRESHARK_CONFIG_DIR": conf, **(env or {})})
    rules = {}
    for line in out.splitlines():
        number, _, rule = line.partition("\t")
        if number.strip().isdigit():
            rules[int(number)] = rule.strip()
    return rules, err


HUMAN = "SIP Advisor: needs a human"
CANNOT_JUDGE = "SIP Advisor: cannot judge"
FIXED = "SIP Advisor: retried with the fix"
ANALYSED = "SIP Advisor: analysed"


class VersionTest(PluginTestCase):
    def test_project_version_is_semver(self):
        self.assertRegex(VERSION, r"^\d+\.\d+\.\d+$")

    def test_tshark_shows_the_version(self):
        out, _ = run_tshark("-G", "plugins", cache=False)
        versions = [line.split("\t")[1].strip() for line in out.splitlines()
                    if line.split("\t")[0].strip() == "sipadvisor.so"]
        self.assertEqual(versions, [VERSION], out)

    def test_changelog_newest_release(self):
        with open(os.path.join(SOURCE, "CHANGELOG.md"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("SPDX-License-Identifier: GPL-2.0-or-later", text.splitlines()[0])
        headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, re.M)
        self.assertEqual(headings[0], ("Unreleased", ""), "Keep a Changelog: [Unreleased] first")
        self.assertEqual(headings[1][0], VERSION, "the newest release in CHANGELOG.md is not the project version")
        self.assertTrue(headings[1][1], "the newest release has no date")
        self.assertIn(("0.1.0", "2026-11-26"), headings)

    def test_debian_changelog(self):
        with open(os.path.join(SOURCE, "packaging", "debian", "changelog"), encoding="utf-8") as f:
            first = f.readline()
        revision = cmake_cache("SIPADVISOR_DEB_REVISION")
        self.assertRegex(first, rf"^sipadvisor \({re.escape(VERSION)}-{re.escape(revision)}\) \S+; urgency=\w+$")


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = shared_dir("sa-package-")
        cls.arch = run(["dpkg", "--print-architecture"]).stdout.strip()
        cls.revision = cmake_cache("SIPADVISOR_DEB_REVISION")
        cls.deb_version = f"{VERSION}-{cls.revision}"
        out = os.path.join(cls.tmp, "out")
        # The package of this build tree, made in a folder of its own (not
        # build/_CPack_Packages, which `--target package` uses).
        proc = run(["cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", out],
                   check=False, cwd=BUILD)
        if proc.returncode != 0:
            raise AssertionError(f"cpack failed:\n{proc.stdout}\n{proc.stderr}")
        cls.deb = os.path.join(out, f"sipadvisor_{cls.deb_version}_{cls.arch}.deb")
        if not os.path.isfile(cls.deb):
            raise AssertionError(f"cpack made no {cls.deb}:\n{proc.stdout}")
        cls.major, cls.minor = ws_release()
        plugindir = run(["pkg-config", "--variable=plugindir", "wireshark"]).stdout.strip()
        cls.plugin_dir = plugindir + "/epan"
        cls.plugins_root = os.path.dirname(plugindir)  # .../wireshark/plugins
        cls.root = os.path.join(cls.tmp, "root")
        run(["dpkg-deb", "-x", cls.deb, cls.root])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def field(self, name):
        return run(["dpkg-deb", "-f", self.deb, name]).stdout.strip()

    def test_control_fields(self):
        self.assertEqual(self.field("Package"), "sipadvisor")
        self.assertEqual(self.field("Version"), self.deb_version)
        self.assertEqual(self.field("Architecture"), self.arch)
        self.assertRegex(self.field("Maintainer"), r"^[^<>]+ <[^<>@\s]+@[^<>@\s]+>$")
        self.assertEqual(self.field("Section"), "net")
        self.assertEqual(self.field("Priority"), "optional")
        description = self.field("Description").splitlines()
        self.assertEqual(description[0], "Wireshark plugin that explains failed SIP responses")
        self.assertGreater(len(description), 3, "no extended description")
        self.assertIn(f" Built for Wireshark {self.major}.{self.minor}: a plugin only loads into the", description)
        info = run(["dpkg-deb", "-I", self.deb]).stdout
        for name in ("Package", "Version", "Architecture", "Depends", "Maintainer", "Description"):
            self.assertRegex(info, rf"(?m)^ {name}: ", f"dpkg-deb -I has no {name}")

    def test_depends_on_the_wireshark_release(self):
        depends = [d.strip() for d in self.field("Depends").split(",")]
        needed = run(["readelf", "-d", os.path.join(BUILD, "plugins", f"{self.major}.{self.minor}", "epan",
                                                    "sipadvisor.so")]).stdout
        soname = re.search(r"\[libwireshark\.so\.(\d+)\]", needed).group(1)
        low, high = f"{self.major}.{self.minor}", f"{self.major}.{self.minor + 1}~"
        for package in (f"libwireshark{soname}", "libwireshark-data"):
            self.assertIn(f"{package} (>= {low})", depends)
            self.assertIn(f"{package} (<< {high})", depends)
        # dpkg-shlibdeps: every library the plugin links.
        names = {re.match(r"^([^ (]+)", d).group(1) for d in depends}
        # (GLib is libglib2.0-0t64 from Debian 13 on: the 64-bit time_t rename.)
        self.assertTrue({"libc6", f"libwireshark{soname}"} <= names, depends)
        for prefix in ("libglib2.0-0", "libwsutil"):
            self.assertTrue(any(n.startswith(prefix) for n in names), f"no {prefix}*: {depends}")
        # The installed Wireshark fits; the next and previous releases do not.
        installed = run(["dpkg-query", "-W", "-f=${Version}", "libwireshark-data"]).stdout.strip()

        def fits(version):
            return all(run(["dpkg", "--compare-versions", version, op, bound], check=False).returncode == 0
                       for op, bound in (("ge", low), ("lt", high)))

        self.assertTrue(fits(installed), f"installed libwireshark-data {installed} outside [{low}, {high})")
        self.assertFalse(fits(f"{self.major}.{self.minor + 1}.0~rc1-1"))
        self.assertFalse(fits(f"{self.major}.{self.minor + 4}.9-1"), "a 4.0 build must not install next to 4.4")
        if self.minor > 0:
            self.assertFalse(fits(f"{self.major}.{self.minor - 1}.99-1"))

    def test_file_list(self):
        listing = run(["dpkg-deb", "-c", self.deb]).stdout.splitlines()
        entries = {}
        for line in listing:
            m = re.match(r"^([-dl][rwxsStT-]{9}) (\S+)/(\S+) +\d+ \S+ \S+ \./(.*)$", line)
            self.assertIsNotNone(m, line)
            perms, owner, group, path = m.groups()
            entries["/" + path] = (perms, owner, group)
        profile = f"/usr/share/wireshark/profiles/{PROFILE_NAME}"
        files = {f"{self.plugin_dir}/sipadvisor.so",
                 "/usr/share/doc/sipadvisor/copyright",
                 "/usr/share/doc/sipadvisor/changelog.gz",
                 "/usr/share/doc/sipadvisor/changelog.Debian.gz"}
        files |= {f"{profile}/{name}" for name in PROFILE_FILES}
        dirs = set()
        for f in files:
            d = os.path.dirname(f)
            while d != "/":
                dirs.add(d + "/")
                d = os.path.dirname(d)
        self.assertEqual(sorted(entries), sorted(files | dirs))
        for path, (perms, owner, group) in entries.items():
            self.assertEqual((owner, group), ("root", "root"), path)
            self.assertEqual(perms, "drwxr-xr-x" if path.endswith("/") else "-rw-r--r--", path)

    def test_doc_files(self):
        doc = os.path.join(self.root, "usr/share/doc/sipadvisor")
        with open(os.path.join(doc, "copyright"), encoding="utf-8") as f:
            copyright_text = f.read()
        self.assertTrue(copyright_text.startswith(
            "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"))
        self.assertRegex(copyright_text, r"(?m)^Files: \*\nCopyright: .+\nLicense: GPL-2\.0-or-later$")
        self.assertIn("/usr/share/common-licenses/GPL-2", copyright_text)
        changelog = run(["zcat", os.path.join(doc, "changelog.Debian.gz")]).stdout
        self.assertTrue(changelog.startswith(f"sipadvisor ({self.deb_version}) "), changelog[:80])
        upstream = run(["zcat", os.path.join(doc, "changelog.gz")]).stdout
        self.assertIn(f"## [{VERSION}]", upstream)
        # gzip -9n: no file name nor time stamp in the header (byte 3: flags, 4-7: mtime).
        for name in ("changelog.gz", "changelog.Debian.gz"):
            with open(os.path.join(doc, name), "rb") as f:
                header = f.read(10)
            self.assertEqual(header[3] & 0x08, 0, f"{name} stores a file name")
            self.assertEqual(header[4:8], b"\0\0\0\0", f"{name} stores a time stamp")

    def test_lintian(self):
        if not shutil.which("lintian"):
            self.fail("lintian is not installed (bash tests/setup.sh test installs it)")
        proc = run(["lintian", "--display-info", "--pedantic", "--display-experimental",
                    "--no-tag-display-limit", self.deb], check=False, timeout=600)
        if proc.returncode not in (0, 1, 2):
            self.fail(f"lintian did not run ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        tags = re.findall(r"^([EWIPXOC]): sipadvisor(?: [a-z]+)?: (\S+)(.*)$", proc.stdout, re.M)
        unexplained = [f"{level}: {tag}{rest}" for level, tag, rest in tags
                       if level != "O" and tag not in LINTIAN_ALLOWED]
        self.assertEqual(unexplained, [], f"lintian:\n{proc.stdout}")
        seen = {tag for _, tag, _ in tags}
        for tag, reason in LINTIAN_ALLOWED.items():
            if tag in seen:
                print(f"lintian {tag}: allowed, {reason}")

    def test_unpacked_plugin_loads_and_dissects(self):
        plugins = os.path.join(self.root, self.plugins_root.lstrip("/"))
        home = shared_dir("sa-home-", writable=True)
        env = {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config")}
        try:
            out, _ = tshark_with(["-G", "plugins"], plugin_dir=plugins, env=env)
            loaded = [line.split("\t") for line in out.splitlines() if line.startswith("sipadvisor.so")]
            self.assertEqual(len(loaded), 1, out)
            self.assertEqual(loaded[0][1].strip(), VERSION)
            expected = os.path.join(plugins, f"{self.major}.{self.minor}", "epan", "sipadvisor.so")
            self.assertEqual(os.path.realpath(loaded[0][-1].strip()), os.path.realpath(expected))
            out, _ = tshark_with(["-n", "-2", "-r", capture("301-udp.pcap"), "-Y", "sipadvisor.status",
                                  "-T", "fields", "-e", "frame.number", "-e", "sipadvisor.status",
                                  "-e", "sipadvisor.new_uri"], plugin_dir=plugins, env=env)
            self.assertEqual(out.splitlines(), ["3\t301\tsip:alice@127.0.1.2,sip:alice@new.example.com"])
        finally:
            shutil.rmtree(home, ignore_errors=True)

    def test_packaged_profile_is_a_global_profile(self):
        """tshark -C "SIP Advisor" finds the package's profile in the global
        profiles folder (copied into the personal folder on first use): the
        system's data folder with the package's profiles beside its own."""
        plugins = os.path.join(self.root, self.plugins_root.lstrip("/"))
        folders, _ = tshark_with(["-G", "folders"])
        datadir = re.search(r"^Global configuration:\s*(\S.*)$", folders, re.M).group(1).strip()
        work = shared_dir("sa-data-", writable=True)
        try:
            data = os.path.join(work, "data")
            os.makedirs(os.path.join(data, "profiles"))
            for name in os.listdir(datadir):
                if name != "profiles":
                    os.symlink(os.path.join(datadir, name), os.path.join(data, name))
            packaged = os.path.join(self.root, "usr/share/wireshark/profiles", PROFILE_NAME)
            os.symlink(packaged, os.path.join(data, "profiles", PROFILE_NAME))
            conf = os.path.join(work, "config")
            os.makedirs(conf)
            for d in (data, os.path.join(data, "profiles"), conf):
                os.chmod(d, 0o777)
            out, err = tshark_with(["-C", PROFILE_NAME, "--color", "-n", "-2", "-r", capture("422-udp.pcap"),
                                    "-T", "fields", "-e", "frame.number", "-e", "frame.coloring_rule.name"],
                                   plugin_dir=plugins,
                                   env={"WIRESHARK_DATA_DIR": data, "WIRESHARK_CONFIG_DIR": conf, "HOME": work})
            rules = dict(line.split("\t", 1) for line in out.splitlines())
            self.assertEqual(rules.get("2"), HUMAN, out + err)
            self.assertEqual(rules.get("10"), FIXED, out + err)
            self.assertTrue(os.path.isfile(os.path.join(conf, "profiles", PROFILE_NAME, "colorfilters")),
                            "tshark did not copy the global profile into the personal folder")
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def test_cmake_install(self):
        """cmake --install: the plugin and the profile into the folders the
        configuration chose (personal ones unless SIPADVISOR_INSTALL_SYSTEM)."""
        plugin_dir = cmake_cache("SIPADVISOR_PLUGIN_INSTALL_DIR")
        profile_dir = cmake_cache("SIPADVISOR_PROFILE_INSTALL_DIR")
        if cmake_cache("SIPADVISOR_INSTALL_SYSTEM") in ("ON", "TRUE", "1"):
            self.assertEqual(plugin_dir, self.plugin_dir)
            self.assertEqual(profile_dir, "/usr/share/wireshark/profiles")
        else:
            home = os.path.expanduser("~")
            self.assertEqual(plugin_dir, f"{home}/.local/lib/wireshark/plugins/{self.major}.{self.minor}/epan")
            self.assertIn(profile_dir, (f"{home}/.config/wireshark/profiles", f"{home}/.wireshark/profiles",
                                        os.path.join(os.environ.get("XDG_CONFIG_HOME", "/nonexistent"),
                                                     "wireshark/profiles")))
        dest = os.path.join(self.tmp, "destdir")
        env = dict(os.environ, DESTDIR=dest)
        run(["cmake", "--install", BUILD], env=env)
        installed = sorted(os.path.relpath(os.path.join(d, f), dest) for d, _, fs in os.walk(dest) for f in fs)
        expected = sorted([os.path.join(plugin_dir, "sipadvisor.so").lstrip("/")]
                          + [os.path.join(profile_dir, PROFILE_NAME, n).lstrip("/") for n in PROFILE_FILES])
        self.assertEqual(installed, expected)


class ProfileTest(PluginTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.conf = profile_config_dir()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.conf, ignore_errors=True)

    def read(self, name):
        with open(os.path.join(PROFILE_SOURCE, name), encoding="utf-8") as f:
            return f.read().splitlines()

    def colorfilters(self):
        rules = []
        for line in self.read("colorfilters"):
            if line.startswith("#") or not line.strip():
                continue
            m = re.match(r"^!?@([^@]+)@([^@]+)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]$", line)
            self.assertIsNotNone(m, f"colorfilters: {line}")
            rules.append((m.group(1), m.group(2), [int(x) for x in m.groups()[2:]]))
        return rules

    def buttons(self):
        result = []
        for line in self.read("dfilter_buttons"):
            if line.startswith("#"):
                continue
            m = re.match(r'^"(TRUE|FALSE)","([^"]+)","([^"]+)","([^"]*)"$', line)
            self.assertIsNotNone(m, f"dfilter_buttons: {line}")
            result.append((m.group(2), m.group(3)))
        return result

    def saved_filters(self):
        result = []
        for line in self.read("dfilters"):
            # Wireshark 4.0 warns about any line that is not "name" filter.
            m = re.match(r'^"([^"]+)" (\S.*)$', line)
            self.assertIsNotNone(m, f"dfilters: {line!r}")
            result.append((m.group(1), m.group(2)))
        return result

    def test_files_and_licence(self):
        self.assertEqual(sorted(n for n in os.listdir(PROFILE_SOURCE) if not n.endswith(".license")),
                         PROFILE_FILES)
        for name in ("colorfilters", "dfilter_buttons", "preferences"):
            self.assertIn("SPDX-License-Identifier: GPL-2.0-or-later", self.read(name)[0])
        with open(os.path.join(PROFILE_SOURCE, "dfilters.license"), encoding="utf-8") as f:
            self.assertIn("SPDX-License-Identifier: GPL-2.0-or-later", f.read())
        colours = {name: colours for name, _, colours in self.colorfilters()}
        # [background][foreground]: light backgrounds (orange for a human,
        # rgb(255,190,80), as tests/gui/profile-screenshot.sh looks for),
        # Wireshark's dark text.
        self.assertEqual(colours[HUMAN], [65535, 48830, 20560, 4718, 10030, 11796])
        self.assertEqual(colours[CANNOT_JUDGE], [56797, 53456, 61680, 4718, 10030, 11796])
        self.assertEqual(colours[FIXED], [52428, 61166, 50372, 4718, 10030, 11796])
        self.assertEqual(colours[ANALYSED], [65535, 63479, 52428, 4718, 10030, 11796])
        self.assertEqual([n for n, _, _ in self.colorfilters()][:4], [HUMAN, CANNOT_JUDGE, FIXED, ANALYSED])

    def test_every_filter_compiles(self):
        # The colouring rules: tshark --color warns about each one it cannot
        # compile ("Could not compile ... in colorfilters file").
        _, err = coloring_rules(self.conf, capture("301-udp.pcap"), two_pass=False)
        self.assertNotIn("Could not compile", err)
        self.assertNotIn("olorfilter", err)
        # The buttons and saved filters: all in one -Y, then one by one if
        # that fails (to name the culprit).
        filters = list(dict.fromkeys([f for _, f in self.buttons()] + [f for _, f in self.saved_filters()]))
        path = capture("301-udp.pcap")

        def compiles(expression):
            _, err = tshark_with(["-n", "-r", path, "-c", "1", "-Y", expression, "-T", "fields",
                                  "-e", "frame.number"], check=False)
            return err.strip()

        if compiles(" || ".join(f"({f})" for f in filters)):
            bad = [f"{f}: {e}" for f in filters for e in [compiles(f)] if e]
            self.fail("filters that do not compile:\n" + "\n".join(bad))

    def test_buttons(self):
        buttons = dict(self.buttons())
        experts = {n for n in sipadvisor_fields() if n not in ("sipadvisor",)}
        out, _ = run_tshark("-G", "fields")
        expert_fields = {cols[2] for cols in (l.split("\t") for l in out.splitlines())
                         if len(cols) > 3 and cols[0] == "F" and cols[2].startswith("sipadvisor.")
                         and cols[3] == "FT_NONE" and not (len(cols) > 7 and cols[7])}
        self.assertTrue(expert_fields <= experts)
        self.assertEqual(set(buttons["SA: all findings"].split(" || ")), expert_fields,
                         "'SA: all findings' must name every sipadvisor expert entry")
        human = [f for n, f, _ in self.colorfilters() if n == HUMAN][0]
        self.assertEqual(buttons["SA: needs a human"], human)
        self.assertEqual(dict(self.saved_filters())["SIP Advisor: needs a human"], human)
        self.assertEqual(buttons["SA: not followed"], "sipadvisor.not_followed")
        # Requests sipadvisor saw answered by a final non-2xx response; the
        # 200 OK'd retry (10) and ACKs carry no mark.
        out, _ = tshark_with(["-n", "-2", "-r", capture("422-udp.pcap"), "-Y", buttons["SA: failed requests"],
                              "-T", "fields", "-e", "frame.number", "-e", "sip.Method"])
        self.assertEqual(out.splitlines(), ["1\tINVITE", "4\tINVITE", "7\tINVITE", "15\tINVITE"])

    def test_coloring_rules(self):
        rules, err = coloring_rules(self.conf, capture("422-udp.pcap"))
        self.assertNotIn("olor", err)  # no "Could not compile color filter" warning
        # 1 INVITE answered by the 422 (2); 4 retried with the same
        # Session-Expires and its 422 (5) was never retried (the caller gave
        # up); 7 starts another call (a new Call-ID that repeats the old
        # interval is not taken for a retry of 5), its 422 (8) was retried
        # right by 10 (200 OK); 15/16 a fresh call whose 422 was never retried.
        expected = {1: ANALYSED, 2: HUMAN, 3: "UDP", 4: HUMAN, 5: HUMAN, 7: ANALYSED, 8: FIXED, 10: FIXED,
                    11: "UDP", 15: ANALYSED, 16: HUMAN}
        self.assertEqual({k: rules.get(k) for k in expected}, expected)
        rules, _ = coloring_rules(self.conf, capture("auth-udp.pcap"))
        self.assertEqual(rules[2], FIXED)  # a routine 401, retried with credentials
        self.assertEqual(rules[16], HUMAN)  # credentials rejected
        rules, _ = coloring_rules(self.conf, capture("no-request-udp.pcap"))
        self.assertEqual(rules[1], CANNOT_JUDGE)
        rules, _ = coloring_rules(self.conf, capture("301-udp.pcap"))
        self.assertEqual((rules[1], rules[3], rules[5], rules[7]), (ANALYSED, FIXED, FIXED, "UDP"))

    def psml(self, name):
        """Column titles and, per frame number, the column texts, as tshark
        draws the profile's columns (-T psml)."""
        out, _ = tshark_with(["-C", PROFILE_NAME, "-n", "-2", "-r", capture(name), "-T", "psml"],
                             env={"WIRESHARK_CONFIG_DIR": self.conf})
        titles = re.findall(r"<section>(.*?)</section>", out.split("</structure>")[0])
        rows = {}
        for packet in re.findall(r"<packet>(.*?)</packet>", out, re.S):
            cells = [html.unescape(c) for c in re.findall(r"<section>(.*?)</section>", packet, re.S)]
            rows[int(cells[0])] = dict(zip(titles, cells))
        return titles, rows

    def test_columns(self):
        titles, rows = self.psml("301-udp.pcap")
        self.assertEqual(titles, ["No.", "Time", "Source", "Destination", "Protocol", "Status", "Request",
                                  "Fix / new URI / missing", "Info"])
        self.assertEqual((rows[3]["Status"], rows[3]["Request"]), ("301", "1"))
        self.assertTrue(rows[3]["Fix / new URI / missing"].endswith(
            ",sip:alice@127.0.1.2,sip:alice@new.example.com"))
        self.assertTrue(rows[3]["Fix / new URI / missing"].startswith("Retry at sip:alice@127.0.1.2"))
        self.assertEqual((rows[5]["Status"], rows[5]["Fix / new URI / missing"]), ("", ""))
        _, rows = self.psml("421-udp.pcap")
        self.assertEqual((rows[2]["Status"], rows[2]["Request"]), ("421", "1"))
        self.assertEqual(rows[2]["Fix / new URI / missing"].split(",")[-1], "timer")
        self.assertIn("Extension Required", rows[2]["Info"])

if __name__ == "__main__":
    unittest.main()

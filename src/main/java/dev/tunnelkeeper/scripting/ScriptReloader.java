package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the registry in step with the scripts directory. Each scan reads every {@code *.mjs} file directly in it
 * (not in subdirectories, so {@code examples/} stays inactive) and compares digests: a new or changed file is
 * compiled in a fresh context and swapped in only if it loads clean; a broken version leaves the running one in
 * place and says why, once per version; a deleted file is unloaded; a module whose context died is loaded again.
 * Polling (the injected scheduler calls {@link #scan()}) rather than a WatchService: it works on bind mounts and
 * Kubernetes ConfigMaps alike and runs in virtual time in tests.
 */
final class ScriptReloader {
    private static final Log LOG = Log.of("hooks");

    private final Path dir;
    private final HookRegistry registry;
    private final ModuleLoader loader;
    private boolean toldMissing;

    ScriptReloader(Path dir, HookRegistry registry, ModuleLoader loader) {
        this.dir = dir;
        this.registry = registry;
        this.loader = loader;
    }

    /** One pass over the directory. Runs on the loader's thread, never on the health loop's. */
    synchronized void scan() {
        List<Path> present = hookFiles();
        if (!present.isEmpty()) {
            WarmUp.once(); // the engine starts here too: only when there is a hook file
        }
        Set<String> names = new HashSet<>();
        for (Path path : present) {
            String name = path.getFileName().toString();
            names.add(name);
            HookSource source;
            try {
                source = HookSource.read(path);
            } catch (IOException e) {
                unreadable(name, e);
                continue;
            }
            Optional<HookFile> known = registry.existing(name);
            if (known.isPresent() && known.get().newestDigest().equals(Optional.of(source.digest()))) {
                known.get().deadSource().ifPresent(this::revive);
                continue;
            }
            load(source);
        }
        for (String name : registry.names()) {
            if (!names.contains(name)) {
                registry.remove(name).ifPresent(HookContext::close);
                LOG.info(name + " was deleted: its hooks are unloaded");
            }
        }
    }

    /** Closes every module (shutdown); synchronized with {@link #scan()}, so none is loaded behind it. */
    synchronized void unloadAll() {
        registry.names().forEach(name -> registry.remove(name).ifPresent(HookContext::close));
    }

    private List<Path> hookFiles() {
        if (!Files.isDirectory(dir)) {
            if (!toldMissing) {
                LOG.info("no hooks: " + dir + " (SCRIPTS_DIR) is not a directory; the built-in policies decide");
                toldMissing = true;
            }
            return List.of();
        }
        toldMissing = false;
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.mjs")) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list " + dir + " (SCRIPTS_DIR): " + e.getMessage() + "; the loaded hooks stay as they are");
            return registry.names().stream().map(dir::resolve).toList();
        }
        out.sort(null);
        return out;
    }

    private void load(HookSource source) {
        HookFile f = registry.file(source.file());
        boolean replacing = f.status().state() != HookFileStatus.State.BROKEN;
        switch (loader.load(source)) {
            case LoadResult.Loaded loaded -> {
                f.install(source, loaded.module(), loader.clock().now()).ifPresent(HookContext::close);
                LOG.info((replacing ? "reloaded " : "loaded ") + source.file() + ": "
                        + String.join(", ", f.status().exports()) + (replacing ? " (its module state starts fresh)" : ""));
                loaded.warnings().forEach(w -> LOG.warn(w.toString()));
            }
            case LoadResult.Rejected rejected -> {
                f.reject(source.digest(), rejected.problems());
                LOG.error(source.file() + (replacing ? ": the new version is not loaded; the previous one keeps running:"
                        : " is not loaded:"));
                rejected.problems().forEach(p -> LOG.error("  " + p));
            }
        }
    }

    private void revive(HookSource source) {
        HookFile f = registry.file(source.file());
        if (loader.load(source) instanceof LoadResult.Loaded loaded) {
            f.revive(loaded.module()).ifPresent(HookContext::close);
            LOG.info(source.file() + " was stopped inside a call and is loaded again: its module state starts fresh");
        }
    }

    private void unreadable(String name, IOException e) {
        HookFile f = registry.file(name);
        String digest = "unreadable: " + e.getMessage();
        if (!f.newestDigest().equals(Optional.of(digest))) {
            HookError error = new HookError(name, 0, "", HookError.Kind.READ, "cannot be read: " + e.getMessage(),
                    loader.clock().now());
            f.reject(digest, List.of(error));
            LOG.error(error.toString());
        }
    }
}

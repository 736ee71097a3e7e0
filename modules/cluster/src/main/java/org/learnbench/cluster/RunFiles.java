package org.learnbench.cluster;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A finished run as a worker sends it back: its files by name (metrics.csv, manifest.json, the chart), who
 * computed it, how long the worker spent on it (rebuilding, running, writing), and the worker's signature over the task's signature and every file, so the coordinator
 * writes nothing that a member without the secret made up.
 */
record RunFiles(String member, String build, LinkedHashMap<String, byte[]> files, long workerNanos, byte[] signature)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    RunFiles {
        files = new LinkedHashMap<>(files);
    }

    /** The parts a signature covers: the task's signature, the member, the build, then each name and file. */
    static byte[][] signed(byte[] taskSignature, String member, String build, Map<String, byte[]> files) {
        byte[][] parts = new byte[3 + 2 * files.size()][];
        parts[0] = taskSignature;
        parts[1] = Secret.bytes(member);
        parts[2] = Secret.bytes(build);
        int i = 3;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            parts[i++] = Secret.bytes(e.getKey());
            parts[i++] = e.getValue();
        }
        return parts;
    }
}

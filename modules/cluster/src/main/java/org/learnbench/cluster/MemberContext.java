package org.learnbench.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a member's tasks need that never travels with them: the secret, this member's build and address,
 * where datasets are cached, and (on a coordinator) the datasets it offers by content hash. Kept in the
 * Hazelcast instance's user context, so two members in one JVM (tests) keep theirs apart.
 */
final class MemberContext {
    static final String KEY = "learnbench.member";

    final Secret secret;
    final String build;
    final String address;
    final Path cache;
    /** The datasets this member serves, by sha256 (a coordinator's study's files). */
    final Map<String, Path> offered = new ConcurrentHashMap<>();
    /** Fitness problems of runs whose candidates this worker scores, by config hash and seed; one per task at once. */
    final Map<String, java.util.concurrent.ConcurrentLinkedQueue<ScoreTask.Scoring>> problems =
            new ConcurrentHashMap<>();

    MemberContext(Secret secret, String build, String address, Path cache) {
        this.secret = secret;
        this.build = build;
        this.address = address;
        this.cache = cache;
    }

    static MemberContext of(HazelcastInstance instance) {
        Object c = instance.getUserContext().get(KEY);
        if (!(c instanceof MemberContext context)) {
            throw new IllegalStateException("this Hazelcast member was not started by learnbench");
        }
        return context;
    }
}

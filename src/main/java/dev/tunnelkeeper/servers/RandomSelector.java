package dev.tunnelkeeper.servers;

import java.util.List;
import java.util.Random;

/** SERVER_SELECTION=random (the default): any server that has not failed within the cool-down, uniformly. */
public final class RandomSelector extends CooldownSelector {
    private final Random random;

    /** @param random seeded in tests */
    public RandomSelector(Random random) {
        this.random = random;
    }

    @Override
    protected Candidate pick(List<Candidate> rested) {
        return rested.get(random.nextInt(rested.size()));
    }
}

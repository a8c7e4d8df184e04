package dev.tunnelkeeper.servers;

import java.util.List;

/**
 * SERVER_SELECTION=ordered: the first server, in priority order, that has not failed within the cool-down. The
 * first is the primary, the rest are backups; once the primary's cool-down is over, the next (re)connect goes back
 * to it. A healthy tunnel to a backup is not torn down for that.
 */
public final class OrderedSelector extends CooldownSelector {

    @Override
    protected Candidate pick(List<Candidate> rested) {
        return rested.get(0);
    }
}

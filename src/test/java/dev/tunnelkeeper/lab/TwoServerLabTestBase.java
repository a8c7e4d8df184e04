package dev.tunnelkeeper.lab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * One two-server lab shared by a test class's tests (a lab takes ~0.6 s to start): started once, closed once, and
 * reported skipped, with the reason, where the lab cannot run.
 */
@Tag("lab")
@Timeout(120)
abstract class TwoServerLabTestBase {
    protected static Lab lab;

    @BeforeAll
    static void startLab() {
        LabSupport.assumeLabCanRun();
        lab = Lab.start(2);
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
            lab = null;
        }
    }
}

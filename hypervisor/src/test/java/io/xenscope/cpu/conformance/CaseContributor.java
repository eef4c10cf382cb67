package io.xenscope.cpu.conformance;

import java.util.List;
import java.util.Random;

/**
 * A source of differential cases. To add cases for your family: implement this (see
 * {@link AluCases}, {@link CaseBuilder} for the usual state set-up) and list it in
 * {@link DifferentialConformanceTest#CONTRIBUTORS}.
 */
public interface CaseContributor {
    /** Adds cases to {@code out}; {@code random} is seeded, so the cases are the same on every run. */
    void contribute(List<ConformanceCase> out, Random random);
}

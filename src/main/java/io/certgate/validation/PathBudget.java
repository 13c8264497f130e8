package io.certgate.validation;

/**
 * The work one verdict may cost, counted across the whole of {@link PathValidator#validate}: the
 * issuer links path building follows, and the signatures the PKIX runs of every candidate path
 * (and of CRL signer paths) may verify. A client picks its chain, so without a bound it picks the
 * cost: 10 certificates that all share one subject name form about a million orderings, and one
 * verdict on them took seconds of CPU. Go's crypto/x509 ({@code maxChainSignatureChecks}) and
 * pyca/cryptography's verifier bound the same search the same way. A verdict that runs out is
 * {@link Reason#CHAIN_TOO_COMPLEX}, unless a candidate found before then was valid.
 *
 * <p>Mutable, and used by one verdict on one thread only.
 */
final class PathBudget {

    /**
     * Issuer links path building may follow per verdict. A real chain follows one link per
     * certificate, at most {@link PathValidator#MAX_BUILD_DEPTH}; a CA with a few same-named
     * certificates (key rollover, cross-certificates) multiplies that by a few, and no NIST PKITS
     * row needs more than a couple of dozen. Each link is a few list operations, so the limit is
     * generous and still keeps the worst chain a client can send to well under a millisecond.
     */
    static final int MAX_BUILD_STEPS = 200;
    /**
     * Signatures verified per verdict, as Go's crypto/x509 allows (100: "most chains are less than
     * 15 certificates long, so this leaves space for multiple chains and for failed checks due to
     * different intermediates having the same Subject"). A candidate path costs one signature per
     * certificate in it; a candidate that no longer fits is not tried.
     */
    static final int MAX_SIGNATURE_CHECKS = 100;

    private int buildSteps;
    private int signatureChecks;
    private boolean exhausted;

    /** Takes one issuer link; false (and exhausted from then on) when none is left. */
    boolean takeBuildStep() {
        if (buildSteps >= MAX_BUILD_STEPS) {
            exhausted = true;
            return false;
        }
        buildSteps++;
        return true;
    }

    /** Takes {@code count} signature checks; false (and exhausted from then on) when fewer are left. */
    boolean takeSignatureChecks(int count) {
        if (signatureChecks + count > MAX_SIGNATURE_CHECKS) {
            exhausted = true;
            return false;
        }
        signatureChecks += count;
        return true;
    }

    /** True once a step or a signature check was refused: the search was cut short. */
    boolean exhausted() {
        return exhausted;
    }

    int buildSteps() {
        return buildSteps;
    }

    int signatureChecks() {
        return signatureChecks;
    }

    /** The detail sentence of a verdict that ran out. */
    String tooComplexDetail() {
        return "the chain is too complex: certgate stopped after following " + buildSteps + " issuer links and "
                + "checking " + signatureChecks + " signatures (at most " + MAX_BUILD_STEPS + " and "
                + MAX_SIGNATURE_CHECKS + " per verdict) without finding a valid path to a trusted root";
    }
}

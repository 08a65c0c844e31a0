package dev.totpmfa.it.load;

/**
 * What one arm did in the rounds of one kind (code logins, direct grants, recovery-code logins): how many finished
 * in how long, the client-side time of the measured request, and the server's time for it.
 */
final class Figures {

    final Latencies request = new Latencies();
    private long nanos;
    private ServerHistograms.Histogram server = ServerHistograms.Histogram.empty();

    synchronized void addRound(long roundNanos, ServerHistograms.Histogram serverTimes) {
        nanos += roundNanos;
        server = server.plus(serverTimes);
    }

    int count() {
        return request.count();
    }

    synchronized double perSecond() {
        return nanos == 0 ? Double.NaN : request.count() / (nanos / 1e9);
    }

    synchronized ServerHistograms.Histogram server() {
        return server;
    }
}

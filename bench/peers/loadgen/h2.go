// The h2 mode: HTTP/2 keep-alive load (not in the shared instrument's generator; added in the
// certgate project's copy). net/http's HTTP/2 client (bundled in the standard library) over the
// same crypto/tls configuration as every other mode: the same client certificate, the same pin,
// X25519 only.
package main

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// h2conn is one HTTP/2 connection: a Transport of its own, so that -c means -c TCP connections
// (one Transport multiplexes all its streams onto one connection while the server's
// SETTINGS_MAX_CONCURRENT_STREAMS allows; -streams stays far below every server's limit).
type h2conn struct {
	client *http.Client
	url    string
	dials  atomic.Int64 // TCP connections this Transport opened; more than one is a reconnect
}

func openH2(base *tls.Config, n int) []*h2conn {
	out := make([]*h2conn, n)
	for i := range out {
		c := &h2conn{url: "https://" + *sni + *path}
		cfg := base.Clone()
		cfg.NextProtos = []string{"h2"} // HTTP/2 or nothing: a fall-back to HTTP/1.1 would measure the wrong thing
		tr := &http.Transport{
			TLSClientConfig:     cfg,
			ForceAttemptHTTP2:   true,
			DisableCompression:  true,
			MaxIdleConnsPerHost: 1,
			TLSHandshakeTimeout: *ioTimeout,
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				c.dials.Add(1)
				d := net.Dialer{Timeout: *ioTimeout}
				conn, err := d.DialContext(ctx, "tcp", *addr)
				if err == nil && *lingerReset {
					conn.(*net.TCPConn).SetLinger(0)
				}
				return conn, err
			},
		}
		c.client = &http.Client{Transport: tr, Timeout: *ioTimeout}
		// one request before the streams start, so that they share this one connection rather
		// than racing to dial several
		resp, err := c.get(context.Background())
		if err != nil {
			fatal("h2: first request on connection %d: %v", i, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.ProtoMajor != 2 {
			fatal("h2: the server answered in %s, not HTTP/2", resp.Proto)
		}
		c.dials.Store(1)
		out[i] = c
	}
	return out
}

func (c *h2conn) get(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", "tlsbench")
	req.Header.Set("Accept", "*/*")
	return c.client.Do(req)
}

// h2stream: one stream at a time on c, the next request when the previous answer is complete.
func h2stream(w *worker, c *h2conn) {
	for phase.Load() != phaseDone {
		dialsBefore := c.dials.Load()
		start := time.Now()
		resp, err := c.get(context.Background())
		if err != nil {
			w.fail(kindOf("h2", err))
			backoff()
			continue
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		end := time.Now()
		if err != nil {
			w.fail(kindOf("h2 read", err))
			continue
		}
		if phase.Load() != phaseMeasure {
			continue
		}
		if resp.ProtoMajor != 2 {
			w.fail("not HTTP/2")
			continue
		}
		if c.dials.Load() != dialsBefore {
			w.reconnect++
		}
		if resp.TLS != nil && w.cipher == 0 {
			w.cipher, w.version = resp.TLS.CipherSuite, resp.TLS.Version
		}
		if okResponse(w, resp.StatusCode, int(n)) {
			w.lat = append(w.lat, end.Sub(start).Nanoseconds())
		}
	}
}

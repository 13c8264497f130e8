// tlsbench: an HTTPS load generator that presents a TLS client certificate.
//
// Independent of the project under test: Go standard library only (crypto/tls), one process,
// meant to run pinned to one core (GOMAXPROCS follows the affinity mask).
//
// Modes:
//
//	full       a new TCP connection and a full TLS handshake per request (no session cache)
//	resumed    a new TCP connection per request that resumes the previous session of the same
//	           worker (TLS 1.3 PSK ticket, or TLS 1.2 ticket); the resumed share is reported
//	keepalive  -c connections, requests one after another on each (HTTP/1.1 keep-alive)
//	h2         -c HTTP/2 connections (ALPN h2, refused if the server picks anything else), on
//	           each -streams streams, each stream sending its next request when the previous
//	           answer is complete (net/http's HTTP/2 client, standard library)
//	idle       open -hold connections (mTLS done, one request each), print "held N", keep them
//	           open until SIGTERM/SIGINT or -hold-max passes
//
// With -mint N (and -issuer-cert/-issuer-key) every connection presents a client certificate the
// server has not seen before (N are issued at start), so a server that caches verdicts per
// certificate cannot use its cache.
//
// Every mode but idle runs -warmup, then measures for -duration, and prints one JSON line:
// requests/s, errors, latency percentiles (µs), the generator's own CPU (cores) over the
// window and, with -server-pids, the CPU seconds those processes and all their descendants
// used in the same window (read from /proc/PID/stat: utime+stime+cutime+cstime).
//
// This is the certgate project's copy of the shared instrument's generator: the same code, plus
// the h2 mode (h2.go, and the lines here that dispatch to it). Nothing else differs.
package main

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/big"
	mathrand "math/rand"
	"net"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	mode        = flag.String("mode", "keepalive", "full | resumed | keepalive | h2 | idle")
	addr        = flag.String("addr", "127.0.0.1:8443", "server address host:port")
	sni         = flag.String("sni", "localhost", "TLS server name and Host header")
	path        = flag.String("path", "/small.txt", "request path")
	certFile    = flag.String("cert", "", "client certificate chain (PEM, leaf first)")
	keyFile     = flag.String("key", "", "client private key (PEM)")
	caFile      = flag.String("ca", "", "verify the server chain against this root (costs the client 2+ signature checks per full handshake)")
	pinFile     = flag.String("pin", "", "instead of -ca: accept only this exact server leaf certificate (a byte comparison)")
	conns       = flag.Int("c", 32, "concurrent connections (workers)")
	warmup      = flag.Duration("warmup", 3*time.Second, "warm-up before the measurement window")
	duration    = flag.Duration("duration", 10*time.Second, "measurement window")
	tlsVersion  = flag.String("tls", "1.3", "1.3 | 1.2 | any (1.2-1.3)")
	serverPids  = flag.String("server-pids", "", "space/comma separated PIDs whose CPU (with descendants) is read over the window")
	hold        = flag.Int("hold", 5000, "idle mode: connections to hold")
	holdMax     = flag.Duration("hold-max", 120*time.Second, "idle mode: give up and exit after this long")
	expect      = flag.Int("expect-status", 200, "a response with another status counts as an error")
	expectLen   = flag.Int("expect-len", -1, "if >= 0, a body of another length counts as an error")
	ioTimeout   = flag.Duration("timeout", 10*time.Second, "per-request deadline")
	gcPercent   = flag.Int("gc", 400, "GOGC for the generator")
	label       = flag.String("label", "", "free text copied into the JSON line")
	lingerReset = flag.Bool("rst", false, "close with RST (SO_LINGER 0) instead of close_notify+FIN")
	serverCore  = flag.Int("server-core", -1, "if >= 0, report how busy this CPU was over the window (/proc/stat), and its steal time")
	clientCore  = flag.Int("client-core", -1, "if >= 0, the same for the generator's CPU")
	cpuProfile  = flag.String("cpuprofile", "", "write the generator's own CPU profile (measurement window) here")
	streams     = flag.Int("streams", 4, "h2 mode: concurrent streams per connection")
	mint        = flag.Int("mint", 0, "if > 0: issue this many distinct client certificates at start (with -issuer-cert/-issuer-key) and present a new one on every connection")
	issuerCert  = flag.String("issuer-cert", "", "-mint: the issuing CA certificate (PEM); it is sent as the chain's second certificate")
	issuerKey   = flag.String("issuer-key", "", "-mint: the issuing CA's private key (PEM)")
)

var (
	minted     []tls.Certificate
	mintNext   atomic.Int64
	mintReused atomic.Int64
)

const (
	phaseWarmup  = 0
	phaseMeasure = 1
	phaseDone    = 2
)

var phase atomic.Int32

type worker struct {
	lat       []int64 // ns, requests completed in the window
	errs      map[string]int
	resumed   int64
	notResume int64
	reconnect int64
	cipher    uint16
	version   uint16
	bodyBytes int64
}

func (w *worker) fail(kind string) {
	if phase.Load() == phaseMeasure {
		w.errs[kind]++
	}
}

func main() {
	flag.Parse()
	debug.SetGCPercent(*gcPercent)
	if *certFile == "" || *keyFile == "" {
		fatal("need -cert and -key")
	}
	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		fatal("client certificate: %v", err)
	}
	base := &tls.Config{
		Certificates:     []tls.Certificate{cert},
		ServerName:       *sni,
		CurvePreferences: []tls.CurveID{tls.X25519}, // one key share, no HelloRetryRequest; every server here does X25519
		MinVersion:       tls.VersionTLS12,
		MaxVersion:       tls.VersionTLS13,
	}
	switch *tlsVersion {
	case "1.3":
		base.MinVersion = tls.VersionTLS13
	case "1.2":
		base.MaxVersion = tls.VersionTLS12
		// ECDHE-ECDSA with AES-128-GCM, what the TLS 1.3 runs get too
		base.CipherSuites = []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}
	case "any":
	default:
		fatal("-tls: 1.3, 1.2 or any")
	}
	switch {
	case *caFile != "":
		pool := x509.NewCertPool()
		b, err := os.ReadFile(*caFile)
		if err != nil || !pool.AppendCertsFromPEM(b) {
			fatal("-ca %s: unreadable", *caFile)
		}
		base.RootCAs = pool
	case *pinFile != "":
		b, err := os.ReadFile(*pinFile)
		if err != nil {
			fatal("-pin: %v", err)
		}
		blk, _ := pem.Decode(b)
		if blk == nil {
			fatal("-pin %s: no PEM certificate", *pinFile)
		}
		want := blk.Bytes
		base.InsecureSkipVerify = true // replaced by the exact comparison below
		base.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 || !bytes.Equal(cs.PeerCertificates[0].Raw, want) {
				return errors.New("server certificate is not the pinned one")
			}
			return nil
		}
	default:
		fatal("need -ca ROOT.pem or -pin SERVER.pem")
	}

	request := []byte("GET " + *path + " HTTP/1.1\r\nHost: " + *sni + "\r\nUser-Agent: tlsbench\r\nAccept: */*\r\n\r\n")

	if *mint > 0 {
		t := time.Now()
		minted = mintClients(*mint, cert)
		fmt.Fprintf(os.Stderr, "tlsbench: issued %d client certificates in %.1f s\n", len(minted), time.Since(t).Seconds())
		base.Certificates = nil
		base.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
			i := mintNext.Add(1) - 1
			if i >= int64(len(minted)) {
				mintReused.Add(1)
			}
			return &minted[i%int64(len(minted))], nil
		}
	}

	if *mode == "idle" {
		runIdle(base, request)
		return
	}
	if *mode != "full" && *mode != "resumed" && *mode != "keepalive" && *mode != "h2" {
		fatal("-mode: full, resumed, keepalive, h2 or idle")
	}
	nworkers := *conns
	var h2conns []*h2conn
	if *mode == "h2" {
		if *streams < 1 {
			fatal("-streams: at least 1")
		}
		h2conns = openH2(base, *conns)
		nworkers = *conns * *streams
	}

	pids := parsePids(*serverPids)
	workers := make([]*worker, nworkers)
	var wg sync.WaitGroup
	for i := range workers {
		w := &worker{errs: map[string]int{}, lat: make([]int64, 0, 1<<14)}
		workers[i] = w
		cfg := base.Clone()
		if *mode == "resumed" {
			cfg.ClientSessionCache = tls.NewLRUClientSessionCache(1) // per worker: each ticket is used by one connection at a time
		}
		wg.Add(1)
		i := i
		go func() {
			defer wg.Done()
			if *mode == "h2" {
				h2stream(w, h2conns[i / *streams])
			} else if *mode == "keepalive" {
				keepalive(w, cfg, request)
			} else {
				perRequest(w, cfg, request, *mode == "resumed")
			}
		}()
	}

	time.Sleep(*warmup)
	cpu0 := selfCPU()
	srv0, _ := treeCPU(pids)
	sc0, cc0 := coreTimes(*serverCore), coreTimes(*clientCore)
	if *cpuProfile != "" {
		if f, err := os.Create(*cpuProfile); err == nil {
			pprof.StartCPUProfile(f)
		}
	}
	t0 := time.Now()
	phase.Store(phaseMeasure)
	time.Sleep(*duration)
	phase.Store(phaseDone)
	if *cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	t1 := time.Now()
	cpu1 := selfCPU()
	srv1, nproc := treeCPU(pids)
	sc1, cc1 := coreTimes(*serverCore), coreTimes(*clientCore)
	window := t1.Sub(t0).Seconds()

	// let workers finish the request they are in (bounded)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(*ioTimeout + time.Second):
	}

	var all []int64
	errs := map[string]int{}
	var resumed, notResumed, reconnects int64
	var cipher, version uint16
	for _, w := range workers {
		all = append(all, w.lat...)
		for k, v := range w.errs {
			errs[k] += v
		}
		resumed += w.resumed
		notResumed += w.notResume
		reconnects += w.reconnect
		if w.cipher != 0 {
			cipher, version = w.cipher, w.version
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	nerr := 0
	for _, v := range errs {
		nerr += v
	}
	out := map[string]any{
		"label":          *label,
		"mode":           *mode,
		"addr":           *addr,
		"path":           *path,
		"connections":    *conns,
		"window_s":       round(window, 3),
		"requests":       len(all),
		"rps":            round(float64(len(all))/window, 1),
		"errors":         nerr,
		"errors_by_kind": errs,
		"p50_us":         pct(all, 0.50),
		"p90_us":         pct(all, 0.90),
		"p99_us":         pct(all, 0.99),
		"p999_us":        pct(all, 0.999),
		"max_us":         pct(all, 1.0),
		"client_cpu":     round((cpu1-cpu0)/window, 3),
		"tls_version":    versionName(version),
		"cipher":         tls.CipherSuiteName(cipher),
		"gomaxprocs":     runtime.GOMAXPROCS(0),
	}
	if *mode == "resumed" {
		out["resumed"] = resumed
		out["not_resumed"] = notResumed
	}
	if *mode == "keepalive" || *mode == "h2" {
		out["reconnects"] = reconnects
	}
	if *mode == "h2" {
		out["streams"] = *streams
		out["protocol"] = "HTTP/2"
	}
	if *mint > 0 {
		out["client_certs"] = len(minted)
		out["client_certs_presented"] = mintNext.Load()
		out["client_certs_reused"] = mintReused.Load()
	}
	if len(pids) > 0 {
		sc := srv1 - srv0
		out["server_cpu_s"] = round(sc, 3)
		out["server_cpu"] = round(sc/window, 3)
		out["server_processes"] = nproc
		if sc > 0 {
			out["req_per_server_cpu_s"] = round(float64(len(all))/sc, 1)
		}
	}
	if *serverCore >= 0 {
		busy, steal := sc1.since(sc0)
		out["server_core_busy"] = round(busy, 3)
		out["server_core_steal"] = round(steal, 3)
	}
	if *clientCore >= 0 {
		busy, steal := cc1.since(cc0)
		out["client_core_busy"] = round(busy, 3)
		out["client_core_steal"] = round(steal, 3)
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

// mintClients issues n client certificates (ECDSA P-256, clientAuth, random serials, each its own
// key and subject) from -issuer-cert/-issuer-key, modelled on the template certificate's validity.
func mintClients(n int, template tls.Certificate) []tls.Certificate {
	caPEM, err := os.ReadFile(*issuerCert)
	if err != nil {
		fatal("-issuer-cert: %v", err)
	}
	blk, _ := pem.Decode(caPEM)
	if blk == nil {
		fatal("-issuer-cert: no PEM certificate")
	}
	ca, err := x509.ParseCertificate(blk.Bytes)
	if err != nil {
		fatal("-issuer-cert: %v", err)
	}
	keyPEM, err := os.ReadFile(*issuerKey)
	if err != nil {
		fatal("-issuer-key: %v", err)
	}
	caKey, err := tls.X509KeyPair(caPEM, keyPEM)
	if err != nil {
		fatal("-issuer-key: %v", err)
	}
	leaf, err := x509.ParseCertificate(template.Certificate[0])
	if err != nil {
		fatal("client certificate: %v", err)
	}
	out := make([]tls.Certificate, n)
	for i := 0; i < n; i++ {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			fatal("key: %v", err)
		}
		serial := new(big.Int).Lsh(big.NewInt(int64(i)+1), 64)
		serial.Add(serial, big.NewInt(mathrand.Int63()))
		tmpl := &x509.Certificate{
			SerialNumber:          serial,
			Subject:               pkix.Name{Organization: []string{"perf bench"}, OrganizationalUnit: []string{"minted"}, CommonName: fmt.Sprintf("minted client %d", i)},
			NotBefore:             leaf.NotBefore,
			NotAfter:              leaf.NotAfter,
			KeyUsage:              x509.KeyUsageDigitalSignature,
			ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
			BasicConstraintsValid: true,
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &k.PublicKey, caKey.PrivateKey)
		if err != nil {
			fatal("issue: %v", err)
		}
		out[i] = tls.Certificate{Certificate: [][]byte{der, ca.Raw}, PrivateKey: k}
	}
	return out
}

type cpuTimes struct{ busy, steal, total float64 }

// since: the share of the interval the core was busy (user, nice, system, irq, softirq, steal) and stolen
func (c cpuTimes) since(before cpuTimes) (float64, float64) {
	d := c.total - before.total
	if d <= 0 {
		return 0, 0
	}
	return (c.busy - before.busy) / d, (c.steal - before.steal) / d
}

func coreTimes(core int) cpuTimes {
	if core < 0 {
		return cpuTimes{}
	}
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuTimes{}
	}
	want := "cpu" + strconv.Itoa(core) + " "
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, want) {
			continue
		}
		f := strings.Fields(line)[1:]
		var v [10]float64
		for i := 0; i < len(f) && i < 10; i++ {
			v[i], _ = strconv.ParseFloat(f[i], 64)
		}
		// user nice system idle iowait irq softirq steal guest guest_nice
		busy := v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
		return cpuTimes{busy: busy, steal: v[7], total: busy + v[3] + v[4]}
	}
	return cpuTimes{}
}

// perRequest: connect, handshake, one request, close; again.
func perRequest(w *worker, cfg *tls.Config, request []byte, wantResume bool) {
	buf := bufio.NewReaderSize(nil, 4096)
	for phase.Load() != phaseDone {
		start := time.Now()
		tc, err := dial(cfg)
		if err != nil {
			w.fail(kindOf("connect", err))
			backoff()
			continue
		}
		tc.SetDeadline(start.Add(*ioTimeout))
		if err = tc.Handshake(); err != nil {
			w.fail(kindOf("handshake", err))
			tc.Close()
			backoff()
			continue
		}
		if _, err = tc.Write(request); err != nil {
			w.fail(kindOf("write", err))
			tc.Close()
			continue
		}
		buf.Reset(tc)
		status, n, _, err := readResponse(buf)
		if err != nil {
			w.fail(kindOf("read", err))
			tc.Close()
			continue
		}
		st := tc.ConnectionState()
		closeConn(tc)
		end := time.Now()
		if phase.Load() != phaseMeasure {
			continue
		}
		if w.cipher == 0 {
			w.cipher, w.version = st.CipherSuite, st.Version
		}
		if !okResponse(w, status, n) {
			continue
		}
		if wantResume {
			if st.DidResume {
				w.resumed++
			} else {
				w.notResume++
			}
		}
		w.lat = append(w.lat, end.Sub(start).Nanoseconds())
	}
}

// keepalive: one connection, requests one after another; reconnect (counted) if it closes.
func keepalive(w *worker, cfg *tls.Config, request []byte) {
	buf := bufio.NewReaderSize(nil, 16384)
	var tc *tls.Conn
	for phase.Load() != phaseDone {
		if tc == nil {
			c, err := dial(cfg)
			if err == nil {
				c.SetDeadline(time.Now().Add(*ioTimeout))
				err = c.Handshake()
			}
			if err != nil {
				w.fail(kindOf("connect", err))
				if c != nil {
					c.Close()
				}
				backoff()
				continue
			}
			if phase.Load() == phaseMeasure {
				w.reconnect++
			}
			tc = c
			buf.Reset(tc)
			st := tc.ConnectionState()
			w.cipher, w.version = st.CipherSuite, st.Version
		}
		start := time.Now()
		tc.SetDeadline(start.Add(*ioTimeout))
		if _, err := tc.Write(request); err != nil {
			w.fail(kindOf("write", err))
			tc.Close()
			tc = nil
			continue
		}
		status, n, closing, err := readResponse(buf)
		if err != nil {
			w.fail(kindOf("read", err))
			tc.Close()
			tc = nil
			continue
		}
		end := time.Now()
		if closing {
			tc.Close()
			tc = nil
		}
		if phase.Load() != phaseMeasure {
			continue
		}
		if okResponse(w, status, n) {
			w.lat = append(w.lat, end.Sub(start).Nanoseconds())
		}
	}
	if tc != nil {
		tc.Close()
	}
}

func okResponse(w *worker, status, n int) bool {
	if status != *expect {
		w.fail("status " + strconv.Itoa(status))
		return false
	}
	if *expectLen >= 0 && n != *expectLen {
		w.fail("body length " + strconv.Itoa(n))
		return false
	}
	return true
}

func dial(cfg *tls.Config) (*tls.Conn, error) {
	c, err := net.DialTimeout("tcp", *addr, *ioTimeout)
	if err != nil {
		return nil, err
	}
	if *lingerReset {
		c.(*net.TCPConn).SetLinger(0)
	}
	return tls.Client(c, cfg), nil
}

func closeConn(tc *tls.Conn) { tc.Close() }

func backoff() { time.Sleep(10 * time.Millisecond) }

// readResponse reads one HTTP/1.1 response: status, body length, whether the server closes.
func readResponse(r *bufio.Reader) (status, bodyLen int, closing bool, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, 0, false, errors.New("bad status line")
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, 0, false, errors.New("bad status line")
	}
	http10 := line[7] == '0'
	contentLength := -1
	chunked := false
	keepAlive := false
	for {
		line, err = r.ReadSlice('\n')
		if err != nil {
			return 0, 0, false, err
		}
		if len(line) <= 2 {
			break
		}
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			continue
		}
		name := line[:colon]
		value := bytes.TrimSpace(line[colon+1:])
		switch {
		case asciiEq(name, "content-length"):
			contentLength, err = strconv.Atoi(string(value))
			if err != nil {
				return 0, 0, false, errors.New("bad content-length")
			}
		case asciiEq(name, "transfer-encoding"):
			chunked = bytes.Contains(bytes.ToLower(value), []byte("chunked"))
		case asciiEq(name, "connection"):
			v := bytes.ToLower(value)
			if bytes.Contains(v, []byte("close")) {
				closing = true
			}
			if bytes.Contains(v, []byte("keep-alive")) {
				keepAlive = true
			}
		}
	}
	if http10 && !keepAlive {
		closing = true
	}
	switch {
	case chunked:
		for {
			line, err = r.ReadSlice('\n')
			if err != nil {
				return 0, 0, false, err
			}
			s := strings.TrimSpace(string(line))
			if i := strings.IndexByte(s, ';'); i >= 0 {
				s = s[:i]
			}
			size, err := strconv.ParseInt(s, 16, 64)
			if err != nil {
				return 0, 0, false, errors.New("bad chunk size")
			}
			if size == 0 {
				for { // trailers
					line, err = r.ReadSlice('\n')
					if err != nil {
						return 0, 0, false, err
					}
					if len(line) <= 2 {
						break
					}
				}
				break
			}
			if _, err = r.Discard(int(size)); err != nil {
				return 0, 0, false, err
			}
			bodyLen += int(size)
			if _, err = r.Discard(2); err != nil {
				return 0, 0, false, err
			}
		}
	case contentLength >= 0:
		if _, err = r.Discard(contentLength); err != nil {
			return 0, 0, false, err
		}
		bodyLen = contentLength
	default: // until close
		n, err := io.Copy(io.Discard, r)
		if err != nil {
			return 0, 0, false, err
		}
		bodyLen = int(n)
		closing = true
	}
	return status, bodyLen, closing, nil
}

func asciiEq(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// runIdle opens -hold connections with -c at a time, one request on each, and holds them.
func runIdle(base *tls.Config, request []byte) {
	var mu sync.Mutex
	var kept []*tls.Conn
	var failures atomic.Int64
	next := atomic.Int64{}
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := bufio.NewReaderSize(nil, 4096)
			for next.Add(1) <= int64(*hold) {
				if failures.Load() > int64(*hold)/10+100 {
					return
				}
				tc, err := dial(base)
				if err != nil {
					failures.Add(1)
					continue
				}
				tc.SetDeadline(time.Now().Add(*ioTimeout))
				if err = tc.Handshake(); err == nil {
					_, err = tc.Write(request)
				}
				if err == nil {
					buf.Reset(tc)
					var status int
					status, _, _, err = readResponse(buf)
					if err == nil && status != *expect {
						err = fmt.Errorf("status %d", status)
					}
				}
				if err != nil {
					failures.Add(1)
					tc.Close()
					continue
				}
				tc.SetDeadline(time.Time{})
				mu.Lock()
				kept = append(kept, tc)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b, _ := json.Marshal(map[string]any{"held": len(kept), "failures": failures.Load(), "open_s": round(time.Since(start).Seconds(), 2)})
	fmt.Println(string(b))
	os.Stdout.Sync()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-sig:
	case <-time.After(*holdMax):
	}
	for _, tc := range kept {
		tc.Close()
	}
}

func kindOf(stage string, err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return stage + ": timeout"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return stage + ": closed"
	case errors.Is(err, syscall.ECONNRESET):
		return stage + ": reset"
	case errors.Is(err, syscall.ECONNREFUSED):
		return stage + ": refused"
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return stage + ": no local port"
	}
	s := err.Error()
	if len(s) > 60 {
		s = s[:60]
	}
	return stage + ": " + s
}

func selfCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

func parsePids(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		n, err := strconv.Atoi(f)
		if err != nil {
			fatal("-server-pids: %q is not a PID", f)
		}
		out = append(out, n)
	}
	return out
}

// treeCPU sums utime+stime+cutime+cstime (seconds) of the given processes and all their live
// descendants; a descendant that exited and was reaped is in its parent's cutime/cstime.
func treeCPU(roots []int) (float64, int) {
	if len(roots) == 0 {
		return 0, 0
	}
	type st struct {
		ppid  int
		ticks int64
	}
	procs := map[int]st{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+2:]))
		// f[0]=state(3) f[1]=ppid(4) ... f[11]=utime(14) f[12]=stime(15) f[13]=cutime(16) f[14]=cstime(17)
		if len(f) < 15 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		var t int64
		for _, k := range []int{11, 12, 13, 14} {
			v, _ := strconv.ParseInt(f[k], 10, 64)
			t += v
		}
		procs[pid] = st{ppid, t}
	}
	in := map[int]bool{}
	for _, r := range roots {
		if _, ok := procs[r]; ok {
			in[r] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for pid, p := range procs {
			if !in[pid] && in[p.ppid] {
				in[pid] = true
				changed = true
			}
		}
	}
	var ticks int64
	for pid := range in {
		ticks += procs[pid].ticks
	}
	return float64(ticks) / 100.0, len(in) // USER_HZ is 100 on Linux
}

func pct(sorted []int64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(sorted) {
		i = len(sorted) - 1
	}
	return round(float64(sorted[i])/1000.0, 1)
}

func round(v float64, digits int) float64 {
	p := 1.0
	for i := 0; i < digits; i++ {
		p *= 10
	}
	return float64(int64(v*p+0.5)) / p
}

func versionName(v uint16) string {
	switch v {
	case tls.VersionTLS13:
		return "TLS1.3"
	case tls.VersionTLS12:
		return "TLS1.2"
	case 0:
		return ""
	}
	return fmt.Sprintf("0x%04x", v)
}

func fatal(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "tlsbench: "+format+"\n", a...)
	os.Exit(2)
}

// Command ferretdb runs FerretDB v1.24.2 with its SQLite backend through FerretDB's own
// embeddable package (github.com/FerretDB/FerretDB/ferretdb).
//
// Why a wrapper instead of `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`:
// the module zip on the Go module proxy has no build/version/version.txt, and cmd/ferretdb
// panics at start-up when FerretDB is the main module without it ("Invalid
// build/version/version.txt file content"). As a dependency of this module the check is
// skipped, and the server code that runs is exactly the same. See test/compat/FERRETDB.md.
//
// Once the listener is up it prints one line to stdout: `ready <mongodb-uri>`. It stops
// cleanly on SIGINT or SIGTERM, and also when its stdin closes (`--exit-on-stdin-eof`), so a
// parent that dies without cleaning up never leaves a server behind.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on (port 0 picks a free one)")
	dataDir := flag.String("data-dir", "data", "folder for the SQLite database files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	exitOnEOF := flag.Bool("exit-on-stdin-eof", false, "stop when standard input is closed")
	flag.Parse()

	if err := run(*listen, *dataDir, *logLevel, *exitOnEOF); err != nil {
		fmt.Fprintln(os.Stderr, "ferretdb:", err)
		os.Exit(1)
	}
}

func run(listen, dataDir, logLevel string, exitOnEOF bool) error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad --log-level %q: %w", logLevel, err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return fmt.Errorf("bad --data-dir %q: %w", dataDir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return fmt.Errorf("cannot create data dir %q: %w", abs, err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if exitOnEOF {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	fmt.Printf("ready %s\n", f.MongoDBURI())

	<-done
	return nil
}

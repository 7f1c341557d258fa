"""Example complaint specs, shipped with the package so `autoreport demo` works once installed."""

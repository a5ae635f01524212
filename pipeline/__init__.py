"""Signaldesk stages as plain functions: normalize, store, tag, cluster, rank, brief, render, deliver."""

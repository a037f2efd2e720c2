"""Tests of the HTTP service and the web page (complaintcode.server)."""

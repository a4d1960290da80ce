"""Bulk work as jobs: importing and auditing many published reports, rendering a year's
PDFs, publishing a batch of approved evaluations.

A job's state (who asked, its organisation, parameters, progress, the cancel request, the
outcome of every item) lives in the application database (:mod:`jixiao.jobs.models`), so
every app process shows the same progress; the queue (huey, :mod:`jixiao.jobs.queue`)
carries only the job's id and which of its items to run. ``jixiao worker`` consumes it.

This package is imported by the reading children too (:mod:`jixiao.jobs.batch`), so it
imports nothing here."""

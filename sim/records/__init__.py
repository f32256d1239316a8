"""The record of calls: hash-chained transcripts, supervisors' reviews, integrity flags,
and writing files so a failure never leaves a partial one."""

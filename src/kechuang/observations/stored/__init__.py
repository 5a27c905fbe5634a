"""Stored judgements: every target of a plan in force judged for today, kept fresh on change.

Pages, the API and reports read today's judgements from `TargetJudgement` instead of running
the engine on every request; judgements for another date are still computed on demand and,
for today, agree with the stored ones (docs/monitoring.md, 存储的评估结果).
"""

"""Prefect flows, deployments and the command line: the edge that calls the stages in order.

Nothing imports flows/.
"""

"""The evaluation's own records (meetings, violations and sanctions, staff profiles). The figures
are read from the other parts by database aggregation (warta.evaluation.figures) and stored nowhere."""

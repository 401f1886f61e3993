from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("")


public_form = public_sent = track = figures = officer_list = log_complaint = import_lapor = detail = act = letter = _todo

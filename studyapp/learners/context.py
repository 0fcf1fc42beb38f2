from studyapp.learners.identity import is_instructor


def learner(request):
    user = getattr(request, "user", None)
    return {"is_instructor": bool(user is not None and is_instructor(user))}

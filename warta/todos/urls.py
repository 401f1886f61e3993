from django.urls import path

from warta.todos import views

urlpatterns = [
    path("tugas/", views.todo_list, name="todo-list"),
    path("tugas/<int:pk>/selesai/", views.todo_done, name="todo-done"),
]
